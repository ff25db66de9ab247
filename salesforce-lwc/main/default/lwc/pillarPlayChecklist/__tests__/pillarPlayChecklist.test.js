import { createElement } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import PillarPlayChecklist from 'c/pillarPlayChecklist';
import getPlays from '@salesforce/apex/PillarCardController.getPlays';
import setTaskDone from '@salesforce/apex/PillarCardController.setTaskDone';
import completePlay from '@salesforce/apex/PillarCardController.completePlay';

const checklist = require('./data/playChecklist.active.json');
const emptyChecklist = require('./data/playChecklist.empty.json');
const taskDone = require('./data/playCard.taskDone.json');
const completed = require('./data/playCard.completed.json');

jest.mock(
    '@salesforce/apex/PillarCardController.getPlays',
    () => {
        const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);
jest.mock('@salesforce/apex/PillarCardController.setTaskDone', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/PillarCardController.completePlay', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), { virtual: true });

// The platform's toast event name (the sfdx-lwc-jest stub does not export it).
const SHOW_TOAST = 'lightning__showtoast';
const ACCOUNT_ID = '001Hp00002abcDEIAY';
const RENEWAL_PLAY = checklist.plays[0];
const MULTITHREAD_PLAY = checklist.plays[1];
const flushPromises = () => Promise.resolve();

function mount() {
    const element = createElement('c-pillar-play-checklist', { is: PillarPlayChecklist });
    element.recordId = ACCOUNT_ID;
    document.body.appendChild(element);
    return element;
}

async function mountWithPlays(data = checklist) {
    const element = mount();
    getPlays.emit(data);
    await flushPromises();
    return element;
}

const plays = (element) => element.shadowRoot.querySelectorAll('c-pillar-play');
const checkboxes = (play) => play.shadowRoot.querySelectorAll('lightning-input');
const byId = (root, id) => root.shadowRoot.querySelector(`[data-id="${id}"]`);
const check = (play, index, checked) => checkboxes(play)[index].dispatchEvent(new CustomEvent('change', { detail: { checked } }));

function deferred() {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => {
        resolve = res;
        reject = rej;
    });
    return { promise, resolve, reject };
}

describe('c-pillar-play-checklist', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
    });

    it('shows a spinner until the plays arrive', async () => {
        const element = mount();
        expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
        await expect(element).toBeAccessible();
    });

    it('asks Apex for the plays of this record', async () => {
        await mountWithPlays();
        expect(getPlays.getLastConfig()).toEqual({ recordId: ACCOUNT_ID });
    });

    it('renders each play with its SLA, progress and tasks, and the outcome form only where every task is done', async () => {
        const element = await mountWithPlays();
        const [renewal, multithread] = plays(element);
        expect(plays(element)).toHaveLength(2);
        expect(renewal.shadowRoot.querySelector('h3').textContent).toBe('Renewal rescue');
        expect(byId(renewal, 'sla').label).toBe('Due soon');
        expect(byId(renewal, 'progress').textContent).toBe('1 of 3 tasks done');
        const boxes = checkboxes(renewal);
        expect([...boxes].map((b) => [b.label, b.checked])).toEqual([
            ['Review usage and support history', true],
            ['Book an executive check-in', false],
            ['Send a renewal proposal', false]
        ]);
        expect(byId(renewal, 'complete-form')).toBeNull();
        expect(byId(multithread, 'complete-form')).not.toBeNull();
        const outcomes = multithread.shadowRoot.querySelector('lightning-combobox').options;
        expect(outcomes[0]).toEqual({ value: 'RENEWED', label: 'Renewed' });
        expect(outcomes[4]).toEqual({ value: 'NO_ACTION_NEEDED', label: 'No action needed' });
        await expect(element).toBeAccessible();
    });

    it('says there are no active plays', async () => {
        const element = await mountWithPlays(emptyChecklist);
        expect(element.shadowRoot.querySelector('[data-id="empty"]').textContent).toContain('No active plays');
        expect(plays(element)).toHaveLength(0);
        await expect(element).toBeAccessible();
    });

    it('shows the error panel when the plays cannot be loaded', async () => {
        const element = mount();
        getPlays.error({ message: 'Pillar is temporarily unavailable. Try again in a few minutes.' });
        await flushPromises();
        const panel = element.shadowRoot.querySelector('c-error-panel');
        expect(panel.friendlyMessage).toBe('Pillar plays could not be loaded.');
        expect(panel.shadowRoot.querySelector('li').textContent).toBe('Pillar is temporarily unavailable. Try again in a few minutes.');
        await expect(element).toBeAccessible();
    });

    it('checks a task at once, saves it through Apex, then refreshes the cached plays', async () => {
        const saving = deferred();
        setTaskDone.mockReturnValue(saving.promise);
        const element = await mountWithPlays();
        const renewal = plays(element)[0];

        check(renewal, 1, true);
        await flushPromises();
        expect(setTaskDone).toHaveBeenCalledWith({ playId: RENEWAL_PLAY.id, taskId: RENEWAL_PLAY.tasks[1].id, done: true });
        expect(checkboxes(plays(element)[0])[1].checked).toBe(true);
        expect(checkboxes(plays(element)[0])[1].disabled).toBe(true);
        expect(byId(plays(element)[0], 'progress').textContent).toBe('2 of 3 tasks done');

        saving.resolve(taskDone);
        await flushPromises();
        await flushPromises();
        expect(checkboxes(plays(element)[0])[1].checked).toBe(true);
        expect(checkboxes(plays(element)[0])[1].disabled).toBe(false);
        expect(refreshApex).toHaveBeenCalledTimes(1);
    });

    it('rolls the task back and shows a toast when Pillar refuses', async () => {
        setTaskDone.mockRejectedValue({ body: { message: 'You can only change tasks of plays you own.' }, status: 500 });
        const element = await mountWithPlays();
        const toast = jest.fn();
        element.addEventListener(SHOW_TOAST, toast);

        check(plays(element)[0], 1, true);
        await flushPromises();
        await flushPromises();

        const renewal = plays(element)[0];
        expect(checkboxes(renewal)[1].checked).toBe(false);
        expect(checkboxes(renewal)[1].disabled).toBe(false);
        expect(byId(renewal, 'progress').textContent).toBe('1 of 3 tasks done');
        expect(toast).toHaveBeenCalledTimes(1);
        expect(toast.mock.calls[0][0].detail).toMatchObject({
            title: 'The task was not updated',
            message: 'You can only change tasks of plays you own.',
            variant: 'error'
        });
        expect(refreshApex).not.toHaveBeenCalled();
    });

    it('offers completion once the last open task is checked', async () => {
        setTaskDone.mockReturnValue(new Promise(() => {}));
        const element = await mountWithPlays();
        check(plays(element)[0], 1, true);
        await flushPromises();
        expect(byId(plays(element)[0], 'complete-form')).toBeNull();
        check(plays(element)[0], 2, true);
        await flushPromises();
        expect(byId(plays(element)[0], 'complete-form')).not.toBeNull();
    });

    it('completes a play with the chosen outcome', async () => {
        completePlay.mockResolvedValue(completed);
        const element = await mountWithPlays();
        const toast = jest.fn();
        element.addEventListener(SHOW_TOAST, toast);
        const multithread = plays(element)[1];
        expect(byId(multithread, 'complete').disabled).toBe(true);

        multithread.shadowRoot.querySelector('lightning-combobox').dispatchEvent(new CustomEvent('change', { detail: { value: 'RESOLVED' } }));
        await flushPromises();
        expect(byId(multithread, 'complete').disabled).toBe(false);
        byId(multithread, 'complete').click();
        await flushPromises();
        await flushPromises();

        expect(completePlay).toHaveBeenCalledWith({ playId: MULTITHREAD_PLAY.id, outcome: 'RESOLVED', note: null });
        const after = plays(element)[1];
        expect(byId(after, 'outcome').textContent).toBe('Completed: Resolved');
        expect(byId(after, 'complete-form')).toBeNull();
        expect([...checkboxes(after)].every((box) => box.disabled)).toBe(true);
        expect(toast.mock.calls[0][0].detail).toMatchObject({ title: 'Play completed', variant: 'success' });
        expect(refreshApex).toHaveBeenCalledTimes(1);
        await expect(element).toBeAccessible();
    });

    it('keeps the play open and shows a toast when completion fails', async () => {
        completePlay.mockRejectedValue({ body: { message: 'Choose an outcome to complete the play.' } });
        const element = await mountWithPlays();
        const toast = jest.fn();
        element.addEventListener(SHOW_TOAST, toast);
        const multithread = plays(element)[1];
        multithread.shadowRoot.querySelector('lightning-combobox').dispatchEvent(new CustomEvent('change', { detail: { value: 'RESOLVED' } }));
        multithread.shadowRoot.querySelector('lightning-textarea').dispatchEvent(new CustomEvent('change', { detail: { value: 'Second champion found' } }));
        await flushPromises();
        byId(multithread, 'complete').click();
        await flushPromises();
        await flushPromises();

        expect(completePlay).toHaveBeenCalledWith({ playId: MULTITHREAD_PLAY.id, outcome: 'RESOLVED', note: 'Second champion found' });
        expect(byId(plays(element)[1], 'complete-form')).not.toBeNull();
        expect(byId(plays(element)[1], 'complete').disabled).toBe(false);
        expect(toast.mock.calls[0][0].detail).toMatchObject({ title: 'The play was not completed', variant: 'error' });
    });
});
