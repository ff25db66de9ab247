/**
 * Small pure helpers the Pillar cards share: which band a value falls in, the SLDS classes that draw a
 * tone, and how numbers read.
 */

/** Below this share of scoring inputs (percent), a health score is shown as resting on too little data. */
export const INSUFFICIENT_DATA_BELOW_PERCENT = 50;

export function bandByKey(bands, key) {
    return bands.find((band) => band.key === key) || null;
}

/** The band a 0–100 value falls in: the one with the highest `min` not above the value. */
export function bandOfValue(bands, value) {
    if (value === null || value === undefined) {
        return null;
    }
    const sorted = [...bands].sort((a, b) => b.min - a.min);
    return sorted.find((band) => value >= band.min) || sorted[sorted.length - 1];
}

export function badgeClass(tone) {
    return tone ? `slds-theme_${tone}` : 'slds-badge_lightest';
}

export function formatScore(value) {
    if (value === null || value === undefined) {
        return '–';
    }
    return Number.isInteger(value) ? `${value}` : value.toFixed(1);
}

export function formatSigned(value) {
    const rounded = Math.round(value * 10) / 10;
    if (rounded > 0) {
        return `+${formatScore(rounded)}`;
    }
    return rounded < 0 ? `−${formatScore(-rounded)}` : '0';
}

/** "daysSinceLastMeeting" → "Days since last meeting". */
export function humanize(key) {
    const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
    return words.charAt(0).toUpperCase() + words.slice(1);
}

export function displayValue(value) {
    if (value === null || value === undefined) {
        return '–';
    }
    return typeof value === 'object' ? JSON.stringify(value) : `${value}`;
}

/** Evidence or threshold objects as label/value rows for a description list. */
export function evidenceRows(evidence) {
    return Object.entries(evidence || {}).map(([key, value]) => ({ key, label: humanize(key), value: displayValue(value) }));
}
