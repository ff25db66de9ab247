/**
 * Plays as the checklist holds them: a writable copy of what Apex returned (wire data is frozen), with a
 * `pending` flag on tasks being saved, and the optimistic task toggle that also keeps progress and
 * "ready to complete" true to the tasks.
 */
export function copyPlay(play) {
    return {
        ...play,
        completing: false,
        tasks: (play.tasks || []).map((task) => ({ ...task, pending: false })),
        progress: { ...(play.progress || { done: 0, total: 0 }) }
    };
}

export function withTaskDone(play, taskId, done, pending) {
    const tasks = play.tasks.map((task) => (task.id === taskId ? { ...task, done, pending } : task));
    const doneCount = tasks.filter((task) => task.done).length;
    return {
        ...play,
        tasks,
        progress: { done: doneCount, total: tasks.length },
        readyToComplete: play.state === 'ACTIVE' && doneCount === tasks.length
    };
}
