import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue } from 'lightning/uiRecordApi';
import getDealInsight from '@salesforce/apex/PillarCardController.getDealInsight';
import { DEAL_RISK_BANDS, FORECAST_CATEGORIES, HYGIENE_BANDS, OPPORTUNITY_FIELDS } from 'c/pillarCatalog';
import { badgeClass, bandByKey, bandOfValue, formatScore } from 'c/pillarFormat';

const OPTIONAL_FIELDS = Object.values(OPPORTUNITY_FIELDS).filter((field) => field !== OPPORTUNITY_FIELDS.dealRisk);

/**
 * Deal insight from the fields Pillar writes back (no callout on page load). "Details" fetches the
 * drivers, risk reasons with evidence and hygiene gaps live through Apex.
 */
export default class PillarDealInsight extends LightningElement {
    @api recordId;
    record;
    error;
    showDetails = false;
    detailsLoading = false;
    insight;
    detailsError;

    @wire(getRecord, { recordId: '$recordId', fields: [OPPORTUNITY_FIELDS.dealRisk], optionalFields: OPTIONAL_FIELDS })
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

    get notScored() {
        return this.field(OPPORTUNITY_FIELDS.dealRisk) === null && this.field(OPPORTUNITY_FIELDS.winProbability) === null;
    }

    get winProbability() {
        const value = this.field(OPPORTUNITY_FIELDS.winProbability);
        return value === null ? '–' : `${Math.round(value)}%`;
    }

    get forecastCategory() {
        const category = bandByKey(FORECAST_CATEGORIES, this.field(OPPORTUNITY_FIELDS.forecastCategory));
        return category ? category.label : 'Not set';
    }

    get dealRisk() {
        const score = this.field(OPPORTUNITY_FIELDS.dealRisk);
        if (score === null) {
            return null;
        }
        const band = bandByKey(DEAL_RISK_BANDS, this.field(OPPORTUNITY_FIELDS.dealRiskBand)) || bandOfValue(DEAL_RISK_BANDS, score);
        return { score: formatScore(score), label: band.label, badgeClass: badgeClass(band.tone) };
    }

    get riskReasons() {
        const text = this.field(OPPORTUNITY_FIELDS.riskReasons);
        return (text || '')
            .split('\n')
            .map((line) => line.trim())
            .filter((line) => line.length > 0)
            .map((line, index) => ({ key: `${index}`, text: line }));
    }

    get hasRiskReasons() {
        return this.riskReasons.length > 0;
    }

    get hygiene() {
        const score = this.field(OPPORTUNITY_FIELDS.hygiene);
        if (score === null) {
            return null;
        }
        const band = bandOfValue(HYGIENE_BANDS, score);
        return { score: formatScore(score), label: band.label, badgeClass: badgeClass(band.tone) };
    }

    get nextBestAction() {
        return this.field(OPPORTUNITY_FIELDS.nextBestAction);
    }

    get scoredAt() {
        return this.field(OPPORTUNITY_FIELDS.scoredAt);
    }

    get detailsLabel() {
        return this.showDetails ? 'Hide details' : 'Details';
    }

    get detailsExpanded() {
        return this.showDetails ? 'true' : 'false';
    }

    get insightNotScored() {
        return this.insight && this.insight.status !== 'scored';
    }

    get winNote() {
        return this.insight && this.insight.winProbability ? this.insight.winProbability.note : null;
    }

    async toggleDetails() {
        this.showDetails = !this.showDetails;
        if (!this.showDetails || this.insight) {
            return;
        }
        this.detailsLoading = true;
        try {
            this.insight = await getDealInsight({ opportunityId: this.recordId });
            this.detailsError = undefined;
        } catch (error) {
            this.detailsError = error;
            this.insight = undefined;
        } finally {
            this.detailsLoading = false;
        }
    }
}
