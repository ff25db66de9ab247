import { reduceErrors } from 'c/ldsUtils';

describe('c/ldsUtils reduceErrors', () => {
    it('reads the message of an Apex AuraHandledException', () => {
        expect(reduceErrors({ body: { message: 'Pillar is temporarily unavailable.' }, status: 500 })).toEqual(['Pillar is temporarily unavailable.']);
    });

    it('reads every message of a UI API read error list', () => {
        expect(reduceErrors({ body: [{ message: 'No access to field A' }, { message: 'No access to field B' }] })).toEqual([
            'No access to field A',
            'No access to field B'
        ]);
    });

    it('reads page and field errors of a UI API write error', () => {
        const error = { body: { output: { errors: [{ message: 'Record locked' }], fieldErrors: { Name: [{ message: 'Name is required' }] } } } };
        expect(reduceErrors(error)).toEqual(['Record locked', 'Name is required']);
        expect(reduceErrors({ body: { pageErrors: [{ message: 'Insufficient access' }], fieldErrors: {} } })).toEqual(['Insufficient access']);
    });

    it('reads plain JavaScript errors, strings and bare network failures', () => {
        expect(reduceErrors(new TypeError('x is undefined'))).toEqual(['x is undefined']);
        expect(reduceErrors('Offline')).toEqual(['Offline']);
        expect(reduceErrors({ status: 503, statusText: 'Service Unavailable' })).toEqual(['Service Unavailable']);
    });

    it('flattens a list of errors and drops empty ones', () => {
        expect(reduceErrors([null, { body: { message: 'One' } }, undefined, new Error('Two'), { body: {} }])).toEqual(['One', 'Two']);
        expect(reduceErrors(undefined)).toEqual([]);
    });
});
