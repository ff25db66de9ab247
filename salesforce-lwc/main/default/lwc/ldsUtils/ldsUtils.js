/**
 * Every error a Pillar card can receive — UI API read and write errors, Apex AuraHandledException, network
 * failures, plain JavaScript errors, or a list of any of those — as a list of readable messages. The one
 * place error shapes are understood; c-error-panel and the toasts show its output.
 */
export function reduceErrors(errors) {
    const list = Array.isArray(errors) ? errors : [errors];
    return list
        .filter((error) => error !== null && error !== undefined)
        .flatMap(messagesOf)
        .filter((message) => typeof message === 'string' && message.length > 0);
}

function messagesOf(error) {
    if (typeof error === 'string') {
        return [error];
    }
    const body = error.body;
    if (Array.isArray(body)) {
        return body.map((item) => item.message);
    }
    if (body && typeof body === 'object') {
        const pageErrors = body.pageErrors || (body.output && body.output.errors) || [];
        const fieldErrors = Object.values(body.fieldErrors || (body.output && body.output.fieldErrors) || {}).flat();
        const structured = [...pageErrors, ...fieldErrors].map((item) => item.message);
        if (structured.length > 0) {
            return structured;
        }
        if (typeof body.message === 'string') {
            return [body.message];
        }
    }
    if (typeof error.message === 'string') {
        return [error.message];
    }
    return [error.statusText];
}
