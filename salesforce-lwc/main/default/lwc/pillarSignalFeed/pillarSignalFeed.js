import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import getSignals from '@salesforce/apex/PillarCardController.getSignals';
import transitionSignal from '@salesforce/apex/PillarCardController.transitionSignal';
import { reduceErrors } from 'c/ldsUtils';

const OPEN_STATES = ['PENDING', 'ACTIVE', 'ACKNOWLEDGED', 'IN_PROGRESS'];
const DONE = {
    acknowledge: 'Signal acknowledged',
    start: 'Signal in progress',
    resolve: 'Signal resolved',
    suppress: 'Signal suppressed'
};

/**
 * Open Pillar signals, live from the API: an Account's on its record page, the rep's own on an app page.
 * Acting on a signal sends the transition through Apex and shows the signal in its new state (or drops it
 * once resolved or suppressed).
 */
export default class PillarSignalFeed extends LightningElement {
    /** null on an app page: the wire then asks for the rep's own feed. */
    feedRecordId = null;
    signals;
    error;
    wiredSignals;

    @api
    get recordId() {
        return this.feedRecordId;
    }
    set recordId(value) {
        this.feedRecordId = value || null;
    }

    @wire(getSignals, { recordId: '$feedRecordId' })
    receiveSignals(result) {
        this.wiredSignals = result;
        if (result.data) {
            this.signals = result.data.signals.map((signal) => ({ ...signal, pending: false }));
            this.error = undefined;
        } else if (result.error) {
            this.error = result.error;
            this.signals = undefined;
        }
    }

    get title() {
        return this.feedRecordId ? 'Pillar Signals' : 'My Pillar Signals';
    }

    get ownFeed() {
        return !this.feedRecordId;
    }

    get loading() {
        return !this.signals && !this.error;
    }

    get empty() {
        return Array.isArray(this.signals) && this.signals.length === 0;
    }

    setPending(signalId, pending) {
        this.signals = this.signals.map((signal) => (signal.id === signalId ? { ...signal, pending } : signal));
    }

    async handleTransition(event) {
        const { signalId, action, note, suppressDays } = event.detail;
        this.setPending(signalId, true);
        try {
            const updated = await transitionSignal({ signalId, action, note: note || null, suppressDays: suppressDays || null });
            this.signals = OPEN_STATES.includes(updated.state)
                ? this.signals.map((signal) => (signal.id === signalId ? { ...updated, pending: false } : signal))
                : this.signals.filter((signal) => signal.id !== signalId);
            this.dispatchEvent(new ShowToastEvent({ title: DONE[action], message: updated.title, variant: 'success' }));
            refreshApex(this.wiredSignals);
        } catch (error) {
            this.setPending(signalId, false);
            this.dispatchEvent(new ShowToastEvent({ title: 'The signal was not updated', message: reduceErrors(error).join(' '), variant: 'error' }));
        }
    }
}
