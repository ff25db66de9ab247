import { createElement } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import PillarSignalFeed from 'c/pillarSignalFeed';
import getSignals from '@salesforce/apex/PillarCardController.getSignals';
import transitionSignal from '@salesforce/apex/PillarCardController.transitionSignal';

const feed = require('./data/signalFeed.open.json');
const emptyFeed = require('./data/signalFeed.empty.json');
const acknowledged = require('./data/signalCard.acknowledged.json');
const suppressed = require('./data/signalCard.suppressed.json');

jest.mock(
    '@salesforce/apex/PillarCardController.getSignals',
    () => {
        const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);
jest.mock('@salesforce/apex/PillarCardController.transitionSignal', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), { virtual: true });

// The platform's toast event name (the sfdx-lwc-jest stub does not export it).
const SHOW_TOAST = 'lightning__showtoast';
const ACCOUNT_ID = '001Hp00002abcDEIAY';
const CRITICAL = feed.signals[0];
const flushPromises = () => Promise.resolve();

function mount(recordId) {
    const element = createElement('c-pillar-signal-feed', { is: PillarSignalFeed });
    if (recordId) {
        element.recordId = recordId;
    }
    document.body.appendChild(element);
    return element;
}

async function mountWithFeed(data = feed, recordId = ACCOUNT_ID) {
    const element = mount(recordId);
    getSignals.emit(data);
    await flushPromises();
    return element;
}

const cards = (element) => element.shadowRoot.querySelectorAll('c-pillar-signal');
const byId = (root, id) => root.shadowRoot.querySelector(`[data-id="${id}"]`);
const actionLabels = (card) => [...card.shadowRoot.querySelectorAll('lightning-button')].map((b) => b.label);
const button = (card, action) => card.shadowRoot.querySelector(`lightning-button[data-action="${action}"]`);

describe('c-pillar-signal-feed', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
    });

    it('shows a spinner until the signals arrive', async () => {
        const element = mount(ACCOUNT_ID);
        expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
        await expect(element).toBeAccessible();
    });

    it("asks for the account's signals on a record page", async () => {
        const element = await mountWithFeed();
        expect(getSignals.getLastConfig()).toEqual({ recordId: ACCOUNT_ID });
        expect(element.shadowRoot.querySelector('lightning-card').title).toBe('Pillar Signals');
        expect(byId(cards(element)[0], 'record')).toBeNull();
    });

    it("asks for the rep's own signals on an app page and links each to its record", async () => {
        const element = await mountWithFeed(feed, null);
        expect(getSignals.getLastConfig()).toEqual({ recordId: null });
        expect(element.shadowRoot.querySelector('lightning-card').title).toBe('My Pillar Signals');
        const link = byId(cards(element)[1], 'record');
        expect(link.textContent).toBe('Northwind - Platform renewal');
        expect(link.getAttribute('href')).toBe('/lightning/r/006Hp00001xyzABIA1/view');
        await expect(element).toBeAccessible();
    });

    it('renders severity, state, evidence, recommended action and the actions each state allows', async () => {
        const element = await mountWithFeed();
        const [critical, warning, info] = cards(element);
        expect(cards(element)).toHaveLength(3);
        expect(byId(critical, 'severity').label).toBe('Critical');
        expect(byId(critical, 'severity').classList).toContain('slds-theme_error');
        expect(byId(warning, 'severity').classList).toContain('slds-theme_warning');
        expect(byId(info, 'severity').classList).toContain('slds-theme_info');
        expect(byId(critical, 'state').textContent).toBe('New');
        expect(byId(warning, 'state').textContent).toBe('Acknowledged');
        const evidence = [...byId(critical, 'evidence').querySelectorAll('dt')].map((dt) => dt.textContent);
        expect(evidence).toEqual(['Health score', 'Previous score', 'Days since last meeting']);
        expect(byId(critical, 'recommended-action').textContent).toBe('Call the champion and agree a recovery plan');
        expect(actionLabels(critical)).toEqual(['Acknowledge', 'Start', 'Resolve', 'Suppress…']);
        expect(actionLabels(warning)).toEqual(['Start', 'Resolve', 'Suppress…']);
        expect(actionLabels(info)).toEqual(['Resolve', 'Suppress…']);
        await expect(element).toBeAccessible();
    });

    it('says there are no open signals', async () => {
        const element = await mountWithFeed(emptyFeed);
        expect(element.shadowRoot.querySelector('[data-id="empty"]').textContent).toContain('No open signals');
        await expect(element).toBeAccessible();
    });

    it('shows the error panel when the signals cannot be loaded', async () => {
        const element = mount(ACCOUNT_ID);
        getSignals.error({ message: 'Pillar needs the Pillar User permission set. Ask your Salesforce admin to assign it to you.' });
        await flushPromises();
        const panel = element.shadowRoot.querySelector('c-error-panel');
        expect(panel.friendlyMessage).toBe('Pillar signals could not be loaded.');
        expect(panel.shadowRoot.querySelector('li').textContent).toContain('Pillar User permission set');
        await expect(element).toBeAccessible();
    });

    it('acknowledges a signal through Apex and shows it in its new state', async () => {
        let answer;
        transitionSignal.mockReturnValue(new Promise((resolve) => (answer = resolve)));
        const element = await mountWithFeed();
        const toast = jest.fn();
        element.addEventListener(SHOW_TOAST, toast);

        button(cards(element)[0], 'acknowledge').click();
        await flushPromises();
        expect(transitionSignal).toHaveBeenCalledWith({ signalId: CRITICAL.id, action: 'acknowledge', note: null, suppressDays: null });
        expect(button(cards(element)[0], 'acknowledge').disabled).toBe(true);

        answer(acknowledged);
        await flushPromises();
        await flushPromises();
        const critical = cards(element)[0];
        expect(byId(critical, 'state').textContent).toBe('Acknowledged');
        expect(actionLabels(critical)).toEqual(['Start', 'Resolve', 'Suppress…']);
        expect(button(critical, 'start').disabled).toBe(false);
        expect(toast.mock.calls[0][0].detail).toMatchObject({ title: 'Signal acknowledged', variant: 'success' });
        expect(refreshApex).toHaveBeenCalledTimes(1);
    });

    it('suppresses a signal only with a reason, for the chosen period, and drops it from the feed', async () => {
        transitionSignal.mockResolvedValue(suppressed);
        const element = await mountWithFeed();
        const toast = jest.fn();
        element.addEventListener(SHOW_TOAST, toast);
        const critical = cards(element)[0];

        byId(critical, 'suppress').click();
        await flushPromises();
        expect(byId(critical, 'suppress-form')).not.toBeNull();
        expect(byId(critical, 'confirm-suppress').disabled).toBe(true);
        await expect(element).toBeAccessible();

        critical.shadowRoot.querySelector('lightning-textarea').dispatchEvent(new CustomEvent('change', { detail: { value: 'Customer is mid-migration' } }));
        critical.shadowRoot.querySelector('lightning-combobox').dispatchEvent(new CustomEvent('change', { detail: { value: '90' } }));
        await flushPromises();
        expect(byId(critical, 'confirm-suppress').disabled).toBe(false);
        byId(critical, 'confirm-suppress').click();
        await flushPromises();
        await flushPromises();

        expect(transitionSignal).toHaveBeenCalledWith({ signalId: CRITICAL.id, action: 'suppress', note: 'Customer is mid-migration', suppressDays: 90 });
        expect(cards(element)).toHaveLength(2);
        expect([...cards(element)].map((c) => c.signal.id)).not.toContain(CRITICAL.id);
        expect(toast.mock.calls[0][0].detail).toMatchObject({ title: 'Signal suppressed', variant: 'success' });
    });

    it('closes the suppress form on cancel without calling Apex', async () => {
        const element = await mountWithFeed();
        const critical = cards(element)[0];
        byId(critical, 'suppress').click();
        await flushPromises();
        byId(critical, 'cancel-suppress').click();
        await flushPromises();
        expect(byId(critical, 'suppress-form')).toBeNull();
        expect(byId(critical, 'suppress')).not.toBeNull();
        expect(transitionSignal).not.toHaveBeenCalled();
    });

    it('keeps the signal as it was and shows a toast when Pillar refuses', async () => {
        transitionSignal.mockRejectedValue({ body: { message: 'You can only act on signals for records you own or are on the team of.' } });
        const element = await mountWithFeed();
        const toast = jest.fn();
        element.addEventListener(SHOW_TOAST, toast);

        button(cards(element)[0], 'resolve').click();
        await flushPromises();
        await flushPromises();

        const critical = cards(element)[0];
        expect(cards(element)).toHaveLength(3);
        expect(byId(critical, 'state').textContent).toBe('New');
        expect(button(critical, 'resolve').disabled).toBe(false);
        expect(toast.mock.calls[0][0].detail).toMatchObject({
            title: 'The signal was not updated',
            message: 'You can only act on signals for records you own or are on the team of.',
            variant: 'error'
        });
        expect(refreshApex).not.toHaveBeenCalled();
    });
});
