import { LightningElement, api } from 'lwc';
import { evidenceRows, formatSigned } from 'c/pillarFormat';

/**
 * Drivers of a score: name, signed contribution, reason and evidence. On a risk scale (`risk-scale`) a
 * positive contribution adds risk, so it reads as bad.
 */
export default class PillarDriverList extends LightningElement {
    @api drivers = [];
    @api label = 'Drivers';
    @api riskScale = false;

    get rows() {
        return (this.drivers || []).map((driver) => {
            const contribution = driver.contribution || 0;
            const good = this.riskScale ? contribution < 0 : contribution > 0;
            const evidence = evidenceRows(driver.evidence);
            return {
                id: driver.id,
                name: driver.name,
                reason: driver.reason,
                contribution: formatSigned(contribution),
                contributionClass: good ? 'slds-text-color_success' : 'slds-text-color_error',
                evidence,
                hasEvidence: evidence.length > 0
            };
        });
    }
}
