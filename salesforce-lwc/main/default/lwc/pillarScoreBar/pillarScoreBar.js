import { LightningElement, api } from 'lwc';
import { formatScore } from 'c/pillarFormat';

/** One labelled 0–100 bar, drawn in the SLDS theme of its tone. */
export default class PillarScoreBar extends LightningElement {
    @api label;
    @api score;
    /** success | warning | error | info */
    @api tone;

    get hasScore() {
        return this.score !== null && this.score !== undefined;
    }

    get displayScore() {
        return formatScore(this.score);
    }

    get ariaLabel() {
        return `${this.label}: ${this.displayScore} out of 100`;
    }

    get valueClass() {
        return `slds-progress-bar__value slds-theme_${this.tone || 'info'}`;
    }

    get widthStyle() {
        return `width: ${Math.max(0, Math.min(100, this.score))}%`;
    }
}
