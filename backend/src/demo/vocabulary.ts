import type { BuyingRole } from '../crm/mirror/rows';

/** Word lists for invented companies and people. None of the combinations is meant to be a real company. */

const COMPANY_PREFIXES = [
  'Acorn', 'Alder', 'Amber', 'Apex', 'Arbor', 'Argent', 'Aspen', 'Atlas', 'Aurora', 'Basalt', 'Beacon', 'Birch', 'Blue Fern', 'Bramble',
  'Brightwater', 'Cascade', 'Cedar', 'Cinder', 'Cobalt', 'Copper', 'Coral', 'Crescent', 'Crystal', 'Cypress', 'Delta', 'Ember', 'Evergreen',
  'Falcon', 'Fernhill', 'Flint', 'Foxglove', 'Garnet', 'Glacier', 'Granite', 'Harbor', 'Hawthorn', 'Heron', 'Highland', 'Indigo', 'Ironwood',
  'Juniper', 'Kestrel', 'Lantern', 'Larch', 'Linden', 'Lodestar', 'Maple', 'Marble', 'Meridian', 'Mistral', 'Nimbus', 'Northgate', 'Oakridge',
  'Obsidian', 'Onyx', 'Orchid', 'Osprey', 'Pinnacle', 'Quarry', 'Quartz', 'Raven', 'Redwood', 'Ridgeline', 'Saffron', 'Sable', 'Sequoia',
  'Silverline', 'Sparrow', 'Summit', 'Tamarack', 'Thistle', 'Timber', 'Topaz', 'Tundra', 'Umber', 'Vantage', 'Verdant', 'Willow', 'Zephyr',
];
const COMPANY_CORES = [
  'Analytics', 'Bio', 'Cloud', 'Data', 'Dynamics', 'Energy', 'Foods', 'Freight', 'Health', 'Industries', 'Insights', 'Labs', 'Logistics',
  'Media', 'Medical', 'Metrics', 'Mobility', 'Networks', 'Pharma', 'Retail', 'Robotics', 'Security', 'Software', 'Systems', 'Telecom', 'Works',
];
const COMPANY_FORMS = ['Inc', 'Corp', 'Group', 'Ltd', 'LLC', 'Co', 'Partners', 'Holdings', 'GmbH', 'AG', 'SA', 'BV'];

const FIRST_NAMES = [
  'Aaliyah', 'Aarav', 'Abigail', 'Adrian', 'Aiko', 'Alejandro', 'Amara', 'Amelia', 'Andre', 'Anya', 'Arjun', 'Astrid', 'Beatriz', 'Benjamin',
  'Bianca', 'Carlos', 'Chen', 'Chloe', 'Dario', 'Deepa', 'Diego', 'Elena', 'Elif', 'Emeka', 'Emma', 'Erik', 'Fatima', 'Felix', 'Freya', 'Gabriel',
  'Grace', 'Hana', 'Hassan', 'Ines', 'Isaac', 'Ivan', 'Jamal', 'Javier', 'Jin', 'Julia', 'Kai', 'Kenji', 'Lara', 'Leila', 'Liam', 'Lucia', 'Malik',
  'Marta', 'Mateo', 'Maya', 'Mei', 'Nadia', 'Nikolai', 'Noah', 'Nora', 'Olivia', 'Omar', 'Priya', 'Rafael', 'Rosa', 'Samuel', 'Sofia', 'Tariq',
  'Thea', 'Tomas', 'Yara', 'Yusuf', 'Zara',
];
const LAST_NAMES = [
  'Abara', 'Andersen', 'Bauer', 'Becker', 'Bianchi', 'Brennan', 'Castillo', 'Chowdhury', 'Costa', 'Dubois', 'Duarte', 'Eriksen', 'Fischer',
  'Fontaine', 'Garcia', 'Haddad', 'Hansen', 'Hoffmann', 'Ibrahim', 'Ito', 'Jansen', 'Kaplan', 'Kim', 'Kowalski', 'Larsen', 'Lindqvist', 'Lopez',
  'Moreau', 'Murphy', 'Nakamura', 'Novak', 'Okafor', 'Olsen', 'Park', 'Patel', 'Petrov', 'Quinn', 'Ramos', 'Rossi', 'Sato', 'Schmidt', 'Silva',
  'Singh', 'Sokolov', 'Tanaka', 'Torres', 'Varga', 'Vogel', 'Wagner', 'Walsh', 'Weber', 'Wong', 'Yilmaz', 'Zhang', 'Zimmermann',
];

/**
 * The i-th company name; distinct for every i. The index is scrambled (multiplied by a unit modulo the
 * number of combinations) so neighbouring accounts do not share a prefix.
 */
export function companyName(index: number): string {
  const total = COMPANY_PREFIXES.length * COMPANY_CORES.length * COMPANY_FORMS.length;
  const scrambled = (index % total) * COMPANY_SCRAMBLE % total;
  const prefix = COMPANY_PREFIXES[scrambled % COMPANY_PREFIXES.length]!;
  const core = COMPANY_CORES[Math.floor(scrambled / COMPANY_PREFIXES.length) % COMPANY_CORES.length]!;
  const form = COMPANY_FORMS[Math.floor(scrambled / (COMPANY_PREFIXES.length * COMPANY_CORES.length))]!;
  const round = Math.floor(index / total);
  return `${prefix} ${core} ${form}${round > 0 ? ` ${round + 1}` : ''}`;
}

/** The i-th person name; distinct for every i. */
export function personName(index: number): { first: string; last: string; full: string } {
  const total = FIRST_NAMES.length * LAST_NAMES.length;
  const scrambled = (index % total) * PERSON_SCRAMBLE % total;
  const first = FIRST_NAMES[scrambled % FIRST_NAMES.length]!;
  const last = LAST_NAMES[Math.floor(scrambled / FIRST_NAMES.length)]!;
  const round = Math.floor(index / total);
  const middle = round > 0 ? ` ${String.fromCharCode(65 + ((round - 1) % 26))}.${round > 26 ? ` ${Math.ceil(round / 26)}` : ''}` : '';
  return { first, last, full: `${first}${middle} ${last}` };
}

function unitModulo(total: number, start: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let k = start;
  while (gcd(k, total) !== 1) k++;
  return k;
}
const COMPANY_SCRAMBLE = unitModulo(COMPANY_PREFIXES.length * COMPANY_CORES.length * COMPANY_FORMS.length, 7919);
const PERSON_SCRAMBLE = unitModulo(FIRST_NAMES.length * LAST_NAMES.length, 1009);

/** A random (not necessarily distinct) person name, for contacts. */
export function anyPersonName(roll: number): { first: string; last: string; full: string } {
  return personName(Math.floor(roll * FIRST_NAMES.length * LAST_NAMES.length));
}

export function slug(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '')
    .slice(0, 40);
}

export const INDUSTRIES = [
  'Software', 'Financial Services', 'Healthcare', 'Manufacturing', 'Retail', 'Telecommunications', 'Logistics', 'Media', 'Education',
  'Energy', 'Professional Services', 'Public Sector',
] as const;

export const COUNTRIES: ReadonlyArray<readonly [string, number]> = [
  ['United States', 55], ['United Kingdom', 10], ['Germany', 8], ['France', 6], ['Canada', 6], ['Australia', 5], ['Netherlands', 4],
  ['Japan', 3], ['Brazil', 3],
];

export const REGIONS = ['East', 'Central', 'West', 'EMEA', 'APAC'] as const;

export const TITLES: Record<BuyingRole, readonly string[]> = {
  champion: ['Director of Operations', 'Head of Revenue Operations', 'VP Customer Success', 'Director of Sales Enablement'],
  economic_buyer: ['Chief Financial Officer', 'VP Finance', 'Chief Revenue Officer', 'VP Operations'],
  exec_sponsor: ['Chief Executive Officer', 'Chief Operating Officer', 'Chief Technology Officer'],
  technical_buyer: ['IT Director', 'Head of Engineering', 'Enterprise Architect', 'Head of Data'],
  influencer: ['Sales Operations Manager', 'Senior Analyst', 'Product Manager', 'Team Lead'],
  blocker: ['Procurement Manager', 'Information Security Officer', 'Legal Counsel'],
  end_user: ['Account Executive', 'Customer Success Manager', 'Analyst', 'Operations Specialist'],
  unknown: ['Manager', 'Consultant', 'Coordinator'],
};

export const OPPORTUNITY_CONTACT_ROLES: Record<BuyingRole, string> = {
  champion: 'Champion',
  economic_buyer: 'Economic Buyer',
  exec_sponsor: 'Executive Sponsor',
  technical_buyer: 'Technical Evaluator',
  influencer: 'Influencer',
  blocker: 'Other',
  end_user: 'End User',
  unknown: 'Other',
};

export const DEMO_PRODUCTS = [
  { externalId: 'prod-platform', name: 'Pillar Platform', series: 'Platform', listPrice: 48_000 },
  { externalId: 'prod-analytics', name: 'Analytics Add-on', series: 'Add-on', listPrice: 12_000 },
  { externalId: 'prod-connectors', name: 'Data Connectors', series: 'Add-on', listPrice: 9_000 },
  { externalId: 'prod-support', name: 'Premier Support', series: 'Services', listPrice: 15_000 },
  { externalId: 'prod-services', name: 'Professional Services', series: 'Services', listPrice: 25_000 },
  { externalId: 'prod-training', name: 'Training Credits', series: 'Services', listPrice: 5_000 },
] as const;

export const COMPETITORS = ['Clari', 'Gong', 'Gainsight', 'ChurnZero', 'Totango', 'In-house spreadsheet'] as const;

export const NEXT_STEPS = [
  'Send proposal',
  'Schedule technical deep dive',
  'Security review with IT',
  'Pricing call with finance',
  'Executive alignment meeting',
  'Draft order form',
  'Reference call',
  'Follow up on pilot results',
] as const;

export const SUBJECTS = {
  email: ['Re: renewal timeline', 'Follow-up from our call', 'Pricing question', 'Re: onboarding plan', 'Intro: new stakeholder', 'Quarterly review deck', 'Re: support ticket'],
  meeting: ['Quarterly business review', 'Discovery call', 'Product demo', 'Implementation check-in', 'Executive sync', 'Renewal planning'],
  call: ['Check-in call', 'Pricing discussion', 'Escalation follow-up', 'Champion sync', 'Cold call'],
  note: ['Account plan updated', 'Risk noted after QBR', 'Stakeholder map', 'Competitive intel'],
  task: ['Send recap', 'Prepare QBR deck', 'Update close plan', 'Book exec meeting', 'Chase signature'],
} as const;
