import { z } from 'zod';

/**
 * Play templates: an ordered checklist a signal starts (reference §9: ordered tasks, owner, SLA default 72 h,
 * a mandatory outcome). Task due dates are relative to the play start; the owner rule says who does the task:
 * the owner of the record the signal is about, the account owner, or that person's manager.
 */
export const TASK_OWNER_RULES = ['record_owner', 'account_owner', 'manager'] as const;
export type TaskOwnerRule = (typeof TASK_OWNER_RULES)[number];

export const playTaskSpecSchema = z.object({
  title: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  dueAfterHours: z.number().int().min(0).max(24 * 365),
  owner: z.enum(TASK_OWNER_RULES),
});
export type PlayTaskSpec = z.infer<typeof playTaskSpecSchema>;

export const playTemplateSpecSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{2,62}$/, 'lower_snake_case key'),
  name: z.string().min(1).max(120),
  description: z.string().max(2000),
  triggerSignalTypes: z.array(z.string().min(1)).min(1),
  slaHours: z.number().int().min(1).max(24 * 90).default(72),
  tasks: z.array(playTaskSpecSchema).min(1).max(30),
});
export type PlayTemplateSpec = z.infer<typeof playTemplateSpecSchema>;

export const DEFAULT_PLAY_SLA_HOURS = 72;

/** The six default plays; seeded per tenant (idempotent) and editable afterwards. */
export const DEFAULT_PLAY_TEMPLATES: readonly PlayTemplateSpec[] = [
  {
    key: 'renewal_rescue',
    name: 'Renewal rescue',
    description: 'Turn an at-risk renewal around: understand why, re-engage the decision makers, agree a save plan.',
    triggerSignalTypes: ['renewal_risk_critical', 'renewal_risk_warning', 'budget_shift_detected', 'support_burden', 'contracting_stall'],
    slaHours: DEFAULT_PLAY_SLA_HOURS,
    tasks: [
      { title: 'Review the renewal risk drivers', description: 'Read the drivers on the account card and note the top three.', dueAfterHours: 24, owner: 'account_owner' },
      { title: 'Call the champion', description: 'Confirm the renewal date, the decision process and what would make them stay.', dueAfterHours: 48, owner: 'account_owner' },
      { title: 'Align with your manager on a save plan', dueAfterHours: 72, owner: 'manager' },
      { title: 'Present the value review to the economic buyer', dueAfterHours: 168, owner: 'account_owner' },
    ],
  },
  {
    key: 'stalled_deal',
    name: 'Stalled deal',
    description: 'Get a stuck deal moving again or re-stage it honestly.',
    triggerSignalTypes: ['stage_stagnation', 'close_date_pushed', 'deal_off_track', 'deal_at_risk'],
    slaHours: DEFAULT_PLAY_SLA_HOURS,
    tasks: [
      { title: 'Confirm the buyer’s timeline and next step', dueAfterHours: 24, owner: 'record_owner' },
      { title: 'Agree the stage exit criteria with the buyer', dueAfterHours: 72, owner: 'record_owner' },
      { title: 'Deal review with your manager', dueAfterHours: 72, owner: 'manager' },
      { title: 'Update stage, close date and forecast category', dueAfterHours: 96, owner: 'record_owner' },
    ],
  },
  {
    key: 'multithread_account',
    name: 'Multithread the account',
    description: 'Reduce single-threaded risk: engage more stakeholders, including the economic buyer.',
    triggerSignalTypes: ['single_threaded_risk', 'multithreading_gap', 'no_active_champion', 'stakeholder_departure', 'stakeholder_turnover', 'starbridge_key_contact_departure'],
    slaHours: DEFAULT_PLAY_SLA_HOURS,
    tasks: [
      { title: 'Map the buying committee', description: 'List champion, economic buyer, technical buyer and blockers.', dueAfterHours: 24, owner: 'account_owner' },
      { title: 'Ask the champion for two introductions', dueAfterHours: 72, owner: 'account_owner' },
      { title: 'Meet a new stakeholder', dueAfterHours: 168, owner: 'account_owner' },
    ],
  },
  {
    key: 'expansion_motion',
    name: 'Expansion motion',
    description: 'Turn readiness into an expansion opportunity.',
    triggerSignalTypes: ['expansion_ready', 'cross_sell_signal', 'grant_funding_available', 'starbridge_grant_awarded'],
    slaHours: 120,
    tasks: [
      { title: 'Pick the expansion product and the business case', dueAfterHours: 48, owner: 'account_owner' },
      { title: 'Validate the need with the champion', dueAfterHours: 96, owner: 'account_owner' },
      { title: 'Create the expansion opportunity in the CRM', dueAfterHours: 120, owner: 'account_owner' },
    ],
  },
  {
    key: 'exec_sponsor_gap',
    name: 'Exec sponsor gap',
    description: 'Find and engage an executive sponsor before the renewal or the close.',
    triggerSignalTypes: ['exec_sponsor_gap', 'no_active_executive_buyer'],
    slaHours: DEFAULT_PLAY_SLA_HOURS,
    tasks: [
      { title: 'Identify the right executive', dueAfterHours: 24, owner: 'account_owner' },
      { title: 'Ask your manager or an executive to reach out', dueAfterHours: 72, owner: 'manager' },
      { title: 'Hold the executive alignment meeting', dueAfterHours: 240, owner: 'account_owner' },
    ],
  },
  {
    key: 'commit_hygiene',
    name: 'Commit hygiene',
    description: 'A Commit deal must be real: buyer confirmed, activity current, record complete.',
    triggerSignalTypes: ['forecast_commit_no_buyer', 'forecast_no_activity', 'forecast_risk', 'pipeline_hygiene_critical', 'handoff_incomplete'],
    slaHours: 48,
    tasks: [
      { title: 'Confirm the economic buyer on the deal', dueAfterHours: 24, owner: 'record_owner' },
      { title: 'Log a meeting with the buyer this week', dueAfterHours: 48, owner: 'record_owner' },
      { title: 'Fix next step, contacts and close date', dueAfterHours: 48, owner: 'record_owner' },
      { title: 'Manager confirms the forecast category', dueAfterHours: 48, owner: 'manager' },
    ],
  },
];
