import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue } from 'lightning/uiRecordApi';
import getHealthDrivers from '@salesforce/apex/PillarCardController.getHealthDrivers';
import { ACCOUNT_CATEGORIES, ACCOUNT_FIELDS, HEALTH_BANDS, RENEWAL_RISK_BANDS } from 'c/pillarCatalog';
import { badgeClass, bandByKey, bandOfValue, formatScore, formatSigned, INSUFFICIENT_DATA_BELOW_PERCENT } from 'c/pillarFormat';

const OPTIONAL_FIELDS = [
    ...Object.values(ACCOUNT_FIELDS).filter((field) => field !== ACCOUNT_FIELDS.healthScore),
    ...ACCOUNT_CATEGORIES.map((category) => category.field)
];

/**
 * Account health from the fields Pillar writes back (no callout on page load). "Why?" fetches the top
 * drivers live through Apex.
 */
export default class PillarHealthCard extends LightningElement {
    @api recordId;
    record;
    error;
    showDrivers = false;
    driversLoading = false;
    drivers;
    driversError;

    @wire(getRecord, { recordId: '$recordId', fields: [ACCOUNT_FIELDS.healthScore], optionalFields: OPTIONAL_FIELDS })
    wiredRecord({ data, error }) {
        if (data) {
            this.record = data;
            this.error = undefined;
        } else if (error) {
            this.error = error;
            this.record = undefined;
        }
    }

    field(field) {
        const value = getFieldValue(this.record, field);
        return value === undefined ? null : value;
    }

    get loading() {
        return !this.record && !this.error;
    }

    get score() {
        return this.field(ACCOUNT_FIELDS.healthScore);
    }

    get notScored() {
        return this.score === null;
    }

    get displayScore() {
        return formatScore(this.score);
    }

    get band() {
        return bandByKey(HEALTH_BANDS, this.field(ACCOUNT_FIELDS.healthBand)) || bandOfValue(HEALTH_BANDS, this.score);
    }

    get bandClass() {
        return badgeClass(this.band.tone);
    }

    get sufficiency() {
        return this.field(ACCOUNT_FIELDS.dataSufficiency);
    }

    get insufficientData() {
        return this.sufficiency !== null && this.sufficiency < INSUFFICIENT_DATA_BELOW_PERCENT;
    }

    get sufficiencyText() {
        return `Based on limited data: ${formatScore(this.sufficiency)}% of the scoring inputs are known. Treat this score with care.`;
    }

    get trend() {
        const delta = this.field(ACCOUNT_FIELDS.healthTrend30d);
        if (delta === null) {
            return { text: 'No 30-day trend yet', icon: 'utility:dash' };
        }
        if (Math.round(delta * 10) === 0) {
            return { text: 'No change in 30 days', icon: 'utility:dash' };
        }
        return { text: `${formatSigned(delta)} in 30 days`, icon: delta > 0 ? 'utility:arrowup' : 'utility:arrowdown' };
    }

    get categories() {
        return ACCOUNT_CATEGORIES.map((category) => {
            const score = this.field(category.field);
            const band = bandOfValue(HEALTH_BANDS, score);
            return { key: category.key, label: category.label, score, tone: band ? band.tone : null };
        });
    }

    get renewalRisk() {
        const score = this.field(ACCOUNT_FIELDS.renewalRisk);
        if (score === null) {
            return null;
        }
        const band = bandByKey(RENEWAL_RISK_BANDS, this.field(ACCOUNT_FIELDS.renewalRiskBand)) || bandOfValue(RENEWAL_RISK_BANDS, score);
        return { score: formatScore(score), label: band.label, badgeClass: badgeClass(band.tone) };
    }

    get openSignalsText() {
        const count = this.field(ACCOUNT_FIELDS.openSignals) || 0;
        if (count === 0) {
            return 'No open signals';
        }
        return count === 1 ? '1 open signal' : `${count} open signals`;
    }

    get scoredAt() {
        return this.field(ACCOUNT_FIELDS.scoredAt);
    }

    get whyLabel() {
        return this.showDrivers ? 'Hide drivers' : 'Why?';
    }

    get whyExpanded() {
        return this.showDrivers ? 'true' : 'false';
    }

    get noDrivers() {
        return Array.isArray(this.drivers) && this.drivers.length === 0;
    }

    async toggleDrivers() {
        this.showDrivers = !this.showDrivers;
        if (!this.showDrivers || this.drivers) {
            return;
        }
        this.driversLoading = true;
        try {
            const result = await getHealthDrivers({ accountId: this.recordId });
            this.drivers = (result && result.topDrivers) || [];
            this.driversError = undefined;
        } catch (error) {
            this.driversError = error;
            this.drivers = undefined;
        } finally {
            this.driversLoading = false;
        }
    }
}
