import { createElement } from 'lwc';
import { getRecord } from 'lightning/uiRecordApi';
import PillarHealthCard from 'c/pillarHealthCard';
import getHealthDrivers from '@salesforce/apex/PillarCardController.getHealthDrivers';

const scoredRecord = require('./data/getRecord.scored.json');
const notScoredRecord = require('./data/getRecord.notScored.json');
const insufficientRecord = require('./data/getRecord.insufficientData.json');
const healthCard = require('./data/accountHealthCard.scored.json');
const notScoredCard = require('./data/accountHealthCard.notScored.json');

jest.mock('@salesforce/apex/PillarCardController.getHealthDrivers', () => ({ default: jest.fn() }), { virtual: true });

const flushPromises = () => Promise.resolve();

function mount() {
    const element = createElement('c-pillar-health-card', { is: PillarHealthCard });
    element.recordId = scoredRecord.id;
    document.body.appendChild(element);
    return element;
}

const byId = (element, id) => element.shadowRoot.querySelector(`[data-id="${id}"]`);

describe('c-pillar-health-card', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
    });

    it('shows a spinner until the record arrives', async () => {
        const element = mount();
        expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
        await expect(element).toBeAccessible();
    });

    it('asks LDS for the Pillar fields of this account and makes no callout on load', async () => {
        const element = mount();
        getRecord.emit(scoredRecord);
        await flushPromises();
        const config = getRecord.getLastConfig();
        expect(config.recordId).toBe(scoredRecord.id);
        expect(config.fields).toEqual([{ objectApiName: 'Account', fieldApiName: 'Pillar_Health_Score__c' }]);
        expect(config.optionalFields).toEqual(
            expect.arrayContaining([
                { objectApiName: 'Account', fieldApiName: 'Pillar_Health_Band__c' },
                { objectApiName: 'Account', fieldApiName: 'Pillar_Engagement_Score__c' },
                { objectApiName: 'Account', fieldApiName: 'Pillar_Open_Signals__c' }
            ])
        );
        expect(getHealthDrivers).not.toHaveBeenCalled();
        expect(element).toBeTruthy();
    });

    it('renders score, band, trend, the 8 categories, renewal risk and open signals', async () => {
        const element = mount();
        getRecord.emit(scoredRecord);
        await flushPromises();

        expect(byId(element, 'score').textContent).toBe('64.5');
        const band = byId(element, 'band');
        expect(band.label).toBe('Watch');
        expect(band.classList).toContain('slds-theme_warning');
        expect(byId(element, 'trend').textContent).toContain('−6.2 in 30 days');

        const bars = element.shadowRoot.querySelectorAll('c-pillar-score-bar');
        expect(bars).toHaveLength(8);
        expect(bars[0].label).toBe('Engagement');
        expect(bars[0].score).toBe(48);
        expect(bars[0].tone).toBe('error');
        expect(bars[1].tone).toBe('success');
        expect(bars[7].score).toBeNull();

        expect(byId(element, 'renewal-risk').textContent).toContain('52');
        expect(byId(element, 'renewal-risk').querySelector('lightning-badge').label).toBe('High');
        expect(byId(element, 'open-signals').textContent).toBe('2 open signals');
        expect(byId(element, 'insufficient-data')).toBeNull();
        await expect(element).toBeAccessible();
    });

    it('says the account is not scored yet when Pillar has written no score', async () => {
        const element = mount();
        getRecord.emit(notScoredRecord);
        await flushPromises();
        expect(byId(element, 'not-scored').textContent).toContain('Not scored yet');
        expect(byId(element, 'score')).toBeNull();
        await expect(element).toBeAccessible();
    });

    it('warns when the score rests on too little data', async () => {
        const element = mount();
        getRecord.emit(insufficientRecord);
        await flushPromises();
        expect(byId(element, 'insufficient-data').textContent).toContain('32% of the scoring inputs');
        expect(byId(element, 'score').textContent).toBe('58');
        expect(byId(element, 'trend').textContent).toContain('No 30-day trend yet');
        expect(byId(element, 'open-signals').textContent).toBe('No open signals');
        await expect(element).toBeAccessible();
    });

    it('shows the error panel when the record cannot be read', async () => {
        const element = mount();
        getRecord.error({ message: 'No access to field Pillar_Health_Score__c' }, 403, 'Forbidden');
        await flushPromises();
        const panel = element.shadowRoot.querySelector('c-error-panel');
        expect(panel).not.toBeNull();
        expect(panel.friendlyMessage).toBe('Pillar health could not be loaded.');
        await expect(element).toBeAccessible();
    });

    it('loads the top drivers live when the rep asks why', async () => {
        getHealthDrivers.mockResolvedValue(healthCard);
        const element = mount();
        getRecord.emit(scoredRecord);
        await flushPromises();

        const why = byId(element, 'why');
        expect(why.getAttribute('aria-expanded')).toBe('false');
        why.click();
        await flushPromises();
        await flushPromises();

        expect(getHealthDrivers).toHaveBeenCalledWith({ accountId: scoredRecord.id });
        expect(why.getAttribute('aria-expanded')).toBe('true');
        const list = element.shadowRoot.querySelector('c-pillar-driver-list');
        expect(list.drivers.map((d) => d.id)).toEqual(['ENG-003', 'REL-001', 'FIT-002']);
        const rows = list.shadowRoot.querySelectorAll('[data-id="driver"]');
        expect(rows).toHaveLength(3);
        expect(rows[0].textContent).toContain('No meeting in 47 days');
        expect(rows[0].textContent).toContain('Days since last meeting');
        await expect(element).toBeAccessible();

        why.click();
        await flushPromises();
        expect(element.shadowRoot.querySelector('c-pillar-driver-list')).toBeNull();
        why.click();
        await flushPromises();
        expect(getHealthDrivers).toHaveBeenCalledTimes(1);
    });

    it('says so when Pillar has no drivers for the account', async () => {
        getHealthDrivers.mockResolvedValue(notScoredCard);
        const element = mount();
        getRecord.emit(scoredRecord);
        await flushPromises();
        byId(element, 'why').click();
        await flushPromises();
        await flushPromises();
        expect(byId(element, 'no-drivers')).not.toBeNull();
    });

    it('shows why the drivers could not be loaded', async () => {
        getHealthDrivers.mockRejectedValue({ body: { message: 'Pillar is temporarily unavailable. Try again in a few minutes.' }, status: 500 });
        const element = mount();
        getRecord.emit(scoredRecord);
        await flushPromises();
        byId(element, 'why').click();
        await flushPromises();
        await flushPromises();
        const panels = element.shadowRoot.querySelectorAll('c-error-panel');
        expect(panels).toHaveLength(1);
        expect(panels[0].friendlyMessage).toBe('The drivers could not be loaded.');
        const messages = panels[0].shadowRoot.querySelectorAll('li');
        expect(messages[0].textContent).toBe('Pillar is temporarily unavailable. Try again in a few minutes.');
        await expect(element).toBeAccessible();
    });
});
