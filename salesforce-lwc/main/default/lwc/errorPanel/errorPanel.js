import { LightningElement, api } from 'lwc';
import { reduceErrors } from 'c/ldsUtils';

/** The one place a Pillar card shows an error: a friendly headline and the reduced messages. */
export default class ErrorPanel extends LightningElement {
    @api friendlyMessage = 'Something went wrong.';
    @api errors;

    get messages() {
        return reduceErrors(this.errors).map((text, index) => ({ key: `${index}`, text }));
    }
}
