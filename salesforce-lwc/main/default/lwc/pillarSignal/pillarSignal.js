import { LightningElement, api } from 'lwc';
import { SIGNAL_ACTIONS, SIGNAL_SEVERITIES } from 'c/pillarCatalog';
import { badgeClass, evidenceRows, humanize } from 'c/pillarFormat';

const SUPPRESS_DAYS = [
    { value: '7', label: '7 days' },
    { value: '30', label: '30 days' },
    { value: '90', label: '90 days' }
];

/**
 * One signal: severity, title, evidence, recommended action and a button per action its state allows
 * (a `transition` event). Suppressing asks for a reason and a period first.
 */
export default class PillarSignal extends LightningElement {
    @api signal;
    /** On the rep's own feed, link each signal to its record. */
    @api showRecord = false;
    suppressing = false;
    reason = '';
    days = '30';
    dayOptions = SUPPRESS_DAYS;

    get severity() {
        const severity = SIGNAL_SEVERITIES.find((s) => s.key === this.signal.severity) || { label: this.signal.severity, tone: null };
        return { label: severity.label, className: badgeClass(severity.tone) };
    }

    get stateLabel() {
        return this.signal.state === 'ACTIVE' ? 'New' : humanize(this.signal.state);
    }

    get evidence() {
        return evidenceRows(this.signal.evidence);
    }

    get hasEvidence() {
        return this.evidence.length > 0;
    }

    get buttons() {
        return (this.signal.actions || [])
            .filter((action) => action !== 'suppress')
            .map((action) => ({ key: action, label: (SIGNAL_ACTIONS.find((a) => a.key === action) || { label: action }).label }));
    }

    get canSuppress() {
        return (this.signal.actions || []).includes('suppress') && !this.suppressing;
    }

    get recordLink() {
        return this.showRecord && this.signal.record ? `/lightning/r/${this.signal.record.crmId}/view` : null;
    }

    get confirmDisabled() {
        return this.reason.trim().length < 3 || this.signal.pending;
    }

    handleAction(event) {
        this.transition({ action: event.target.dataset.action });
    }

    openSuppress() {
        this.suppressing = true;
    }

    cancelSuppress() {
        this.suppressing = false;
        this.reason = '';
    }

    handleReason(event) {
        this.reason = event.detail.value || '';
    }

    handleDays(event) {
        this.days = event.detail.value;
    }

    confirmSuppress() {
        this.transition({ action: 'suppress', note: this.reason.trim(), suppressDays: Number(this.days) });
    }

    transition(request) {
        this.dispatchEvent(new CustomEvent('transition', { detail: { signalId: this.signal.id, ...request } }));
    }
}
