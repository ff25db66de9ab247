import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import getPlays from '@salesforce/apex/PillarCardController.getPlays';
import setTaskDone from '@salesforce/apex/PillarCardController.setTaskDone';
import completePlay from '@salesforce/apex/PillarCardController.completePlay';
import { PLAY_OUTCOMES } from 'c/pillarCatalog';
import { reduceErrors } from 'c/ldsUtils';
import { copyPlay, withTaskDone } from './playState';

/**
 * Active Pillar plays of an Account or Opportunity, live from the API. Checking a task updates the list at
 * once and rolls back with a toast if Pillar refuses; a play whose tasks are all done can be completed
 * with an outcome.
 */
export default class PillarPlayChecklist extends LightningElement {
    @api recordId;
    plays;
    outcomeOptions = [];
    error;
    wiredPlays;

    @wire(getPlays, { recordId: '$recordId' })
    receivePlays(result) {
        this.wiredPlays = result;
        if (result.data) {
            this.plays = result.data.plays.map(copyPlay);
            this.outcomeOptions = (result.data.outcomes || []).map((key) => {
                const outcome = PLAY_OUTCOMES.find((o) => o.key === key);
                return { value: key, label: outcome ? outcome.label : key };
            });
            this.error = undefined;
        } else if (result.error) {
            this.error = result.error;
            this.plays = undefined;
        }
    }

    get loading() {
        return !this.plays && !this.error;
    }

    get empty() {
        return Array.isArray(this.plays) && this.plays.length === 0;
    }

    find(playId) {
        return this.plays.find((play) => play.id === playId);
    }

    replace(updated) {
        this.plays = this.plays.map((play) => (play.id === updated.id ? updated : play));
    }

    async handleTaskChange(event) {
        const { playId, taskId, done } = event.detail;
        this.replace(withTaskDone(this.find(playId), taskId, done, true));
        try {
            const updated = await setTaskDone({ playId, taskId, done });
            this.replace(copyPlay(updated));
            this.refreshCache();
        } catch (error) {
            this.replace(withTaskDone(this.find(playId), taskId, !done, false));
            this.toastError('The task was not updated', error);
        }
    }

    async handleComplete(event) {
        const { playId, outcome, note } = event.detail;
        this.replace({ ...this.find(playId), completing: true });
        try {
            const updated = await completePlay({ playId, outcome, note: note || null });
            this.replace(copyPlay(updated));
            this.dispatchEvent(new ShowToastEvent({ title: 'Play completed', message: updated.name, variant: 'success' }));
            this.refreshCache();
        } catch (error) {
            this.replace({ ...this.find(playId), completing: false });
            this.toastError('The play was not completed', error);
        }
    }

    refreshCache() {
        return refreshApex(this.wiredPlays);
    }

    toastError(title, error) {
        this.dispatchEvent(new ShowToastEvent({ title, message: reduceErrors(error).join(' '), variant: 'error' }));
    }
}
