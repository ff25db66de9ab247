import { createElement } from 'lwc';
import { getRecord } from 'lightning/uiRecordApi';
import PillarDealInsight from 'c/pillarDealInsight';
import getDealInsight from '@salesforce/apex/PillarCardController.getDealInsight';

const scoredRecord = require('./data/getRecord.scored.json');
const notScoredRecord = require('./data/getRecord.notScored.json');
const lowRiskRecord = require('./data/getRecord.lowRisk.json');
const insight = require('./data/dealInsightCard.scored.json');
const notScoredInsight = require('./data/dealInsightCard.notScored.json');

jest.mock('@salesforce/apex/PillarCardController.getDealInsight', () => ({ default: jest.fn() }), { virtual: true });

const flushPromises = () => Promise.resolve();
const byId = (element, id) => element.shadowRoot.querySelector(`[data-id="${id}"]`);

function mount() {
    const element = createElement('c-pillar-deal-insight', { is: PillarDealInsight });
    element.recordId = scoredRecord.id;
    document.body.appendChild(element);
    return element;
}

async function mountWith(record) {
    const element = mount();
    getRecord.emit(record);
    await flushPromises();
    return element;
}

describe('c-pillar-deal-insight', () => {
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

    it('reads the Pillar opportunity fields through LDS without a callout', async () => {
        await mountWith(scoredRecord);
        const config = getRecord.getLastConfig();
        expect(config.fields).toEqual([{ objectApiName: 'Opportunity', fieldApiName: 'Pillar_Deal_Risk__c' }]);
        expect(config.optionalFields).toEqual(
            expect.arrayContaining([
                { objectApiName: 'Opportunity', fieldApiName: 'Pillar_Win_Probability__c' },
                { objectApiName: 'Opportunity', fieldApiName: 'Pillar_Next_Best_Action__c' }
            ])
        );
        expect(getDealInsight).not.toHaveBeenCalled();
    });

    it('renders win probability, forecast category, deal risk with reasons, hygiene and next best action', async () => {
        const element = await mountWith(scoredRecord);
        expect(byId(element, 'win-probability').textContent).toBe('42%');
        expect(byId(element, 'forecast-category').textContent).toBe('Upside');
        const risk = byId(element, 'deal-risk');
        expect(risk.textContent).toContain('68');
        expect(risk.querySelector('lightning-badge').label).toBe('High');
        expect(risk.querySelector('lightning-badge').classList).toContain('slds-theme_error');
        expect(byId(element, 'hygiene').querySelector('lightning-badge').label).toBe('Needs attention');
        const reasons = byId(element, 'risk-reasons').querySelectorAll('li');
        expect([...reasons].map((li) => li.textContent)).toEqual(['No activity in 19 days', 'Close date pushed 2 times']);
        expect(byId(element, 'next-best-action').textContent).toContain('Book a meeting with the economic buyer this week');
        await expect(element).toBeAccessible();
    });

    it('leaves out reasons and next action when a low-risk deal has none', async () => {
        const element = await mountWith(lowRiskRecord);
        expect(byId(element, 'deal-risk').querySelector('lightning-badge').label).toBe('Low');
        expect(byId(element, 'deal-risk').querySelector('lightning-badge').classList).toContain('slds-theme_success');
        expect(byId(element, 'forecast-category').textContent).toBe('Commit');
        expect(byId(element, 'risk-reasons')).toBeNull();
        expect(byId(element, 'next-best-action')).toBeNull();
        await expect(element).toBeAccessible();
    });

    it('says the deal is not scored yet when Pillar has written nothing', async () => {
        const element = await mountWith(notScoredRecord);
        expect(byId(element, 'not-scored').textContent).toContain('Not scored yet');
        expect(byId(element, 'win-probability')).toBeNull();
        await expect(element).toBeAccessible();
    });

    it('shows the error panel when the record cannot be read', async () => {
        const element = mount();
        getRecord.error({ message: 'The requested resource does not exist' }, 404, 'Not Found');
        await flushPromises();
        expect(element.shadowRoot.querySelector('c-error-panel').friendlyMessage).toBe('Pillar deal insight could not be loaded.');
        await expect(element).toBeAccessible();
    });

    it('loads drivers, reasons with evidence and gaps live, with the rule-based note', async () => {
        getDealInsight.mockResolvedValue(insight);
        const element = await mountWith(scoredRecord);
        const details = byId(element, 'details');
        details.click();
        await flushPromises();
        await flushPromises();

        expect(getDealInsight).toHaveBeenCalledWith({ opportunityId: scoredRecord.id });
        expect(details.getAttribute('aria-expanded')).toBe('true');
        expect(byId(element, 'win-note').textContent).toContain('30 closed deals');
        expect(byId(element, 'win-drivers').drivers).toHaveLength(1);
        const risk = byId(element, 'risk-drivers');
        expect(risk.riskScale).toBe(true);
        const rows = risk.shadowRoot.querySelectorAll('[data-id="driver"]');
        expect(rows).toHaveLength(2);
        expect(rows[0].textContent).toContain('Days since activity');
        expect(rows[0].querySelector('.slds-text-color_error').textContent).toContain('+25');
        expect(byId(element, 'hygiene-gaps').drivers[0].reason).toBe('Next step is empty');
        await expect(element).toBeAccessible();
    });

    it('says so when Pillar has no live detail for the deal', async () => {
        getDealInsight.mockResolvedValue(notScoredInsight);
        const element = await mountWith(scoredRecord);
        byId(element, 'details').click();
        await flushPromises();
        await flushPromises();
        expect(byId(element, 'insight-not-scored')).not.toBeNull();
    });

    it('shows why the details could not be loaded', async () => {
        getDealInsight.mockRejectedValue({ body: { message: 'Pillar did not answer in time. Try again in a moment.' }, status: 500 });
        const element = await mountWith(scoredRecord);
        byId(element, 'details').click();
        await flushPromises();
        await flushPromises();
        const panel = element.shadowRoot.querySelector('c-error-panel');
        expect(panel.friendlyMessage).toBe('The deal details could not be loaded.');
        expect(panel.shadowRoot.querySelector('li').textContent).toBe('Pillar did not answer in time. Try again in a moment.');
        await expect(element).toBeAccessible();
    });
});
