import { LightningElement, api } from 'lwc';
import { PLAY_OUTCOMES } from 'c/pillarCatalog';

const SLA = {
    ON_TRACK: { label: 'On track', className: 'slds-theme_success' },
    DUE_SOON: { label: 'Due soon', className: 'slds-theme_warning' },
    BREACHED: { label: 'SLA breached', className: 'slds-theme_error' },
    MET: { label: 'SLA met', className: 'slds-theme_success' }
};

/**
 * One play: its tasks as checkboxes (a `taskchange` event per click) and, once every task is done, the
 * outcome form (a `complete` event). Holds no data of its own beyond the form's inputs.
 */
export default class PillarPlay extends LightningElement {
    @api play;
    @api outcomes = [];
    outcome;
    note;

    get sla() {
        return SLA[this.play.slaState] || { label: this.play.slaState, className: 'slds-badge_lightest' };
    }

    get progressText() {
        return `${this.play.progress.done} of ${this.play.progress.total} tasks done`;
    }

    get isActive() {
        return this.play.state === 'ACTIVE';
    }

    get tasks() {
        return this.play.tasks.map((task) => ({ ...task, disabled: task.pending || !this.isActive }));
    }

    get canComplete() {
        return this.isActive && this.play.readyToComplete;
    }

    get completeDisabled() {
        return !this.outcome || this.play.completing;
    }

    get outcomeLabel() {
        const outcome = PLAY_OUTCOMES.find((o) => o.key === this.play.outcome);
        return outcome ? outcome.label : this.play.outcome;
    }

    get isCompleted() {
        return this.play.state === 'COMPLETED';
    }

    handleTaskChange(event) {
        this.dispatchEvent(
            new CustomEvent('taskchange', {
                detail: { playId: this.play.id, taskId: event.target.dataset.taskId, done: event.detail.checked }
            })
        );
    }

    handleOutcome(event) {
        this.outcome = event.detail.value;
    }

    handleNote(event) {
        this.note = event.detail.value;
    }

    handleComplete() {
        this.dispatchEvent(
            new CustomEvent('complete', { detail: { playId: this.play.id, outcome: this.outcome, note: this.note } })
        );
    }
}
