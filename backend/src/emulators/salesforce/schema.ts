// The org's metadata: standard objects with the fields a revenue tool reads, plus custom fields declared at
// run time (`defineCustomField`). Field names are case-insensitive in SOQL and in REST bodies, as in Salesforce.
import { KEY_PREFIXES } from './ids';

export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'picklist'
  | 'email'
  | 'url'
  | 'phone'
  | 'double'
  | 'currency'
  | 'percent'
  | 'int'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'reference';

export interface PicklistValue {
  value: string;
  label: string;
  active: boolean;
  defaultValue: boolean;
}

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  length: number;
  precision: number;
  scale: number;
  picklistValues: PicklistValue[];
  /** Restricted picklists reject values outside the list; unrestricted ones (most standard ones) accept them. */
  restrictedPicklist: boolean;
  referenceTo: string[];
  relationshipName: string | null;
  createable: boolean;
  updateable: boolean;
  nillable: boolean;
  /** Required on create through the API (not nillable, no default, createable). */
  requiredOnCreate: boolean;
  custom: boolean;
  calculated: boolean;
  externalId: boolean;
}

export interface ObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom: boolean;
  fields: Map<string, FieldDef>;
}

export interface CustomFieldSpec {
  name: string;
  type: Exclude<FieldType, 'id' | 'reference'>;
  label?: string;
  length?: number;
  precision?: number;
  scale?: number;
  picklistValues?: string[];
  restrictedPicklist?: boolean;
  externalId?: boolean;
}

type FieldOpts = Partial<Omit<FieldDef, 'name' | 'type' | 'picklistValues'>> & { picklist?: string[] };

function field(name: string, type: FieldType, opts: FieldOpts = {}): FieldDef {
  const nillable = opts.nillable ?? true;
  const createable = opts.createable ?? true;
  const lengths: Partial<Record<FieldType, number>> = {
    id: 18,
    reference: 18,
    string: 255,
    textarea: 32000,
    picklist: 255,
    email: 80,
    url: 255,
    phone: 40,
  };
  return {
    name,
    label: opts.label ?? name.replace(/__c$/, '').replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2'),
    type,
    length: opts.length ?? lengths[type] ?? 0,
    precision: opts.precision ?? (type === 'currency' || type === 'double' ? 18 : type === 'int' ? 9 : type === 'percent' ? 3 : 0),
    scale: opts.scale ?? (type === 'currency' ? 2 : 0),
    picklistValues: (opts.picklist ?? []).map((v) => ({ value: v, label: v, active: true, defaultValue: false })),
    restrictedPicklist: opts.restrictedPicklist ?? false,
    referenceTo: opts.referenceTo ?? [],
    relationshipName: opts.relationshipName ?? null,
    createable,
    updateable: opts.updateable ?? createable,
    nillable,
    requiredOnCreate: opts.requiredOnCreate ?? (!nillable && createable),
    custom: opts.custom ?? name.endsWith('__c'),
    calculated: opts.calculated ?? false,
    externalId: opts.externalId ?? false,
  };
}

const readOnly = { createable: false, updateable: false } as const;

/** Audit fields every object has; history objects are insert-only and have no LastModified* fields. */
function auditFields(insertOnly: boolean): FieldDef[] {
  const all = [
    field('Id', 'id', { ...readOnly, nillable: false, label: 'Record ID' }),
    field('IsDeleted', 'boolean', { ...readOnly, nillable: false, label: 'Deleted' }),
    field('CreatedDate', 'datetime', { ...readOnly, nillable: false }),
    field('CreatedById', 'reference', { ...readOnly, nillable: false, referenceTo: ['User'], relationshipName: 'CreatedBy' }),
    field('LastModifiedDate', 'datetime', { ...readOnly, nillable: false }),
    field('LastModifiedById', 'reference', {
      ...readOnly,
      nillable: false,
      referenceTo: ['User'],
      relationshipName: 'LastModifiedBy',
    }),
    field('SystemModstamp', 'datetime', { ...readOnly, nillable: false, label: 'System Modstamp' }),
  ];
  return insertOnly ? all.filter((f) => !f.name.startsWith('LastModified')) : all;
}

function ownerField(): FieldDef {
  return field('OwnerId', 'reference', { nillable: false, requiredOnCreate: false, referenceTo: ['User'], relationshipName: 'Owner' });
}

/** Standard sales stages with their default probability, forecast category and closed/won flags. */
export interface StageInfo {
  probability: number;
  forecastCategoryName: string;
  isClosed: boolean;
  isWon: boolean;
}

export const STANDARD_STAGES: ReadonlyMap<string, StageInfo> = new Map([
  ['Prospecting', { probability: 10, forecastCategoryName: 'Pipeline', isClosed: false, isWon: false }],
  ['Qualification', { probability: 10, forecastCategoryName: 'Pipeline', isClosed: false, isWon: false }],
  ['Needs Analysis', { probability: 20, forecastCategoryName: 'Pipeline', isClosed: false, isWon: false }],
  ['Value Proposition', { probability: 50, forecastCategoryName: 'Pipeline', isClosed: false, isWon: false }],
  ['Id. Decision Makers', { probability: 60, forecastCategoryName: 'Pipeline', isClosed: false, isWon: false }],
  ['Perception Analysis', { probability: 70, forecastCategoryName: 'Pipeline', isClosed: false, isWon: false }],
  ['Proposal/Price Quote', { probability: 75, forecastCategoryName: 'Pipeline', isClosed: false, isWon: false }],
  ['Negotiation/Review', { probability: 90, forecastCategoryName: 'Pipeline', isClosed: false, isWon: false }],
  ['Closed Won', { probability: 100, forecastCategoryName: 'Closed', isClosed: true, isWon: true }],
  ['Closed Lost', { probability: 0, forecastCategoryName: 'Omitted', isClosed: true, isWon: false }],
]);

/** ForecastCategoryName (label) → ForecastCategory (API enum). */
export const FORECAST_CATEGORY_ENUM: ReadonlyMap<string, string> = new Map([
  ['Omitted', 'Omitted'],
  ['Pipeline', 'Pipeline'],
  ['Best Case', 'BestCase'],
  ['Commit', 'Forecast'],
  ['Closed', 'Closed'],
]);

export const TASK_CLOSED_STATUSES: ReadonlySet<string> = new Set(['Completed']);

const INDUSTRIES = [
  'Agriculture', 'Apparel', 'Banking', 'Biotechnology', 'Chemicals', 'Communications', 'Construction', 'Consulting',
  'Education', 'Electronics', 'Energy', 'Engineering', 'Entertainment', 'Environmental', 'Finance',
  'Food & Beverage', 'Government', 'Healthcare', 'Hospitality', 'Insurance', 'Machinery', 'Manufacturing', 'Media',
  'Not For Profit', 'Other', 'Recreation', 'Retail', 'Shipping', 'Technology', 'Telecommunications',
  'Transportation', 'Utilities',
];

function objectDef(name: string, keyPrefix: string, fields: FieldDef[], label = name, labelPlural = `${name}s`): ObjectDef {
  const map = new Map<string, FieldDef>();
  for (const f of [...auditFields(name === 'OpportunityHistory'), ...fields]) map.set(f.name.toLowerCase(), f);
  return { name, label, labelPlural, keyPrefix, custom: false, fields: map };
}

function standardObjects(): ObjectDef[] {
  const whoWhat = [
    field('WhoId', 'reference', { referenceTo: ['Contact'], relationshipName: 'Who', label: 'Name ID' }),
    field('WhatId', 'reference', { referenceTo: ['Account', 'Opportunity'], relationshipName: 'What', label: 'Related To ID' }),
    field('AccountId', 'reference', { ...readOnly, referenceTo: ['Account'], relationshipName: 'Account' }),
  ];
  return [
    objectDef('User', KEY_PREFIXES.User, [
      field('Username', 'string', { length: 80, nillable: false }),
      field('FirstName', 'string', { length: 40 }),
      field('LastName', 'string', { length: 80, nillable: false }),
      field('Name', 'string', { ...readOnly, length: 121, label: 'Full Name' }),
      field('Email', 'email', { length: 128, nillable: false }),
      field('Title', 'string', { length: 80 }),
      field('Department', 'string', { length: 80 }),
      field('IsActive', 'boolean', { nillable: false, requiredOnCreate: false }),
      field('ManagerId', 'reference', { referenceTo: ['User'], relationshipName: 'Manager' }),
      field('UserType', 'picklist', { ...readOnly, picklist: ['Standard', 'AutomatedProcess'] }),
      field('TimeZoneSidKey', 'picklist', { picklist: ['America/Los_Angeles', 'America/New_York', 'Europe/London', 'GMT'] }),
    ]),
    objectDef('Account', KEY_PREFIXES.Account, [
      field('Name', 'string', { nillable: false, label: 'Account Name' }),
      field('Type', 'picklist', {
        label: 'Account Type',
        picklist: ['Prospect', 'Customer - Direct', 'Customer - Channel', 'Channel Partner / Reseller',
          'Installation Partner', 'Technology Partner', 'Other'],
      }),
      field('ParentId', 'reference', { referenceTo: ['Account'], relationshipName: 'Parent' }),
      field('Website', 'url'),
      field('Industry', 'picklist', { picklist: INDUSTRIES }),
      field('AnnualRevenue', 'currency'),
      field('NumberOfEmployees', 'int', { precision: 8, label: 'Employees' }),
      field('Rating', 'picklist', { picklist: ['Hot', 'Warm', 'Cold'] }),
      field('AccountSource', 'picklist', { picklist: ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'] }),
      field('Phone', 'phone'),
      field('BillingCity', 'string', { length: 40 }),
      field('BillingState', 'string', { length: 80 }),
      field('BillingCountry', 'string', { length: 80 }),
      field('Description', 'textarea'),
      ownerField(),
    ], 'Account', 'Accounts'),
    objectDef('Contact', KEY_PREFIXES.Contact, [
      field('AccountId', 'reference', { referenceTo: ['Account'], relationshipName: 'Account' }),
      field('FirstName', 'string', { length: 40 }),
      field('LastName', 'string', { length: 80, nillable: false }),
      field('Name', 'string', { ...readOnly, length: 121, label: 'Full Name' }),
      field('Email', 'email'),
      field('Phone', 'phone'),
      field('Title', 'string', { length: 128 }),
      field('Department', 'string', { length: 80 }),
      field('LeadSource', 'picklist', { picklist: ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'] }),
      field('MailingCountry', 'string', { length: 80 }),
      field('HasOptedOutOfEmail', 'boolean', { nillable: false, requiredOnCreate: false }),
      ownerField(),
    ]),
    objectDef('Opportunity', KEY_PREFIXES.Opportunity, [
      field('AccountId', 'reference', { referenceTo: ['Account'], relationshipName: 'Account' }),
      field('Name', 'string', { nillable: false, length: 120 }),
      field('StageName', 'picklist', { nillable: false, label: 'Stage', picklist: [...STANDARD_STAGES.keys()] }),
      field('Amount', 'currency'),
      field('Probability', 'percent', { label: 'Probability (%)' }),
      field('ExpectedRevenue', 'currency', { ...readOnly, calculated: true }),
      field('CloseDate', 'date', { nillable: false }),
      field('Type', 'picklist', { label: 'Opportunity Type', picklist: ['Existing Customer - Upgrade', 'Existing Customer - Replacement', 'Existing Customer - Downgrade', 'New Customer'] }),
      field('NextStep', 'string', { length: 255 }),
      field('LeadSource', 'picklist', { picklist: ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'] }),
      field('ForecastCategoryName', 'picklist', {
        label: 'Forecast Category',
        requiredOnCreate: false,
        picklist: [...FORECAST_CATEGORY_ENUM.keys()],
        restrictedPicklist: true,
      }),
      field('ForecastCategory', 'picklist', { ...readOnly, picklist: [...FORECAST_CATEGORY_ENUM.values()] }),
      field('IsClosed', 'boolean', { ...readOnly, nillable: false, label: 'Closed' }),
      field('IsWon', 'boolean', { ...readOnly, nillable: false, label: 'Won' }),
      field('PushCount', 'int', { ...readOnly, label: 'Push Count' }),
      field('LastStageChangeDate', 'datetime', { ...readOnly }),
      field('Description', 'textarea'),
      ownerField(),
    ], 'Opportunity', 'Opportunities'),
    objectDef('OpportunityContactRole', KEY_PREFIXES.OpportunityContactRole, [
      field('OpportunityId', 'reference', { nillable: false, updateable: false, referenceTo: ['Opportunity'], relationshipName: 'Opportunity' }),
      field('ContactId', 'reference', { nillable: false, referenceTo: ['Contact'], relationshipName: 'Contact' }),
      field('Role', 'picklist', {
        picklist: ['Business User', 'Decision Maker', 'Economic Buyer', 'Economic Decision Maker', 'Evaluator',
          'Executive Sponsor', 'Influencer', 'Technical Buyer', 'Other'],
      }),
      field('IsPrimary', 'boolean', { nillable: false, requiredOnCreate: false, label: 'Primary' }),
    ], 'Opportunity Contact Role', 'Opportunity Contact Roles'),
    objectDef('OpportunityHistory', KEY_PREFIXES.OpportunityHistory, [
      field('OpportunityId', 'reference', { ...readOnly, referenceTo: ['Opportunity'], relationshipName: 'Opportunity' }),
      field('StageName', 'picklist', { ...readOnly, picklist: [...STANDARD_STAGES.keys()] }),
      field('Amount', 'currency', { ...readOnly }),
      field('ExpectedRevenue', 'currency', { ...readOnly }),
      field('CloseDate', 'date', { ...readOnly }),
      field('Probability', 'percent', { ...readOnly }),
      field('ForecastCategory', 'picklist', { ...readOnly, picklist: [...FORECAST_CATEGORY_ENUM.values()] }),
      field('PrevAmount', 'currency', { ...readOnly }),
      field('PrevCloseDate', 'date', { ...readOnly }),
    ], 'Opportunity History', 'Opportunity History'),
    objectDef('Task', KEY_PREFIXES.Task, [
      ...whoWhat,
      field('Subject', 'string', { length: 255 }),
      field('Status', 'picklist', {
        nillable: false,
        requiredOnCreate: false,
        picklist: ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'],
      }),
      field('Priority', 'picklist', { nillable: false, requiredOnCreate: false, picklist: ['High', 'Normal', 'Low'] }),
      field('ActivityDate', 'date', { label: 'Due Date Only' }),
      field('Type', 'picklist', { picklist: ['Call', 'Email', 'Meeting', 'Other'] }),
      field('TaskSubtype', 'picklist', { updateable: false, picklist: ['Task', 'Email', 'ListEmail', 'Cadence', 'Call', 'LinkedIn'] }),
      field('CallType', 'picklist', { picklist: ['Internal', 'Inbound', 'Outbound'] }),
      field('CallDurationInSeconds', 'int'),
      field('CompletedDateTime', 'datetime', { ...readOnly }),
      field('IsClosed', 'boolean', { ...readOnly, nillable: false, label: 'Closed' }),
      field('Description', 'textarea'),
      ownerField(),
    ]),
    objectDef('Event', KEY_PREFIXES.Event, [
      ...whoWhat,
      field('Subject', 'string', { length: 255 }),
      field('StartDateTime', 'datetime'),
      field('EndDateTime', 'datetime'),
      field('ActivityDateTime', 'datetime', { label: 'Due Date Time' }),
      field('ActivityDate', 'date', { ...readOnly, label: 'Due Date Only' }),
      field('DurationInMinutes', 'int', { label: 'Duration' }),
      field('IsAllDayEvent', 'boolean', { nillable: false, requiredOnCreate: false }),
      field('Type', 'picklist', { picklist: ['Call', 'Email', 'Meeting', 'Other'] }),
      field('EventSubtype', 'picklist', { updateable: false, picklist: ['Event'] }),
      field('Location', 'string', { length: 255 }),
      field('Description', 'textarea'),
      ownerField(),
    ]),
  ];
}

export class SchemaError extends Error {
  override name = 'SchemaError';
}

const CUSTOM_FIELD_NAME = /^(?:[A-Za-z][A-Za-z0-9]*__)?[A-Za-z][A-Za-z0-9_]*__c$/;

/** The org's object catalogue. One per emulated org, so custom fields never leak between tests. */
export class OrgSchema {
  /** Bumped whenever a field is added, so caches keyed on the field set can tell. */
  version = 0;
  private readonly objects = new Map<string, ObjectDef>();
  private readonly byPrefix = new Map<string, ObjectDef>();

  constructor() {
    for (const o of standardObjects()) {
      this.objects.set(o.name.toLowerCase(), o);
      this.byPrefix.set(o.keyPrefix, o);
    }
  }

  object(name: string): ObjectDef | undefined {
    return this.objects.get(name.toLowerCase());
  }

  objectForId(id: string): ObjectDef | undefined {
    return this.byPrefix.get(id.slice(0, 3));
  }

  allObjects(): ObjectDef[] {
    return [...this.objects.values()];
  }

  field(objectName: string, fieldName: string): FieldDef | undefined {
    return this.object(objectName)?.fields.get(fieldName.toLowerCase());
  }

  /**
   * Declares a custom field (e.g. `Pillar_Health_Score__c` on Account), as deploying its metadata would.
   * Re-declaring the same field with the same type is a no-op, so a field catalog can register at every start.
   */
  defineCustomField(objectName: string, spec: CustomFieldSpec): FieldDef {
    const obj = this.object(objectName);
    if (!obj) throw new SchemaError(`Unknown object ${objectName}`);
    if (!CUSTOM_FIELD_NAME.test(spec.name)) {
      throw new SchemaError(`Custom field name ${spec.name} must look like Name__c (optionally ns__Name__c)`);
    }
    const existing = obj.fields.get(spec.name.toLowerCase());
    if (existing) {
      if (existing.type !== spec.type) {
        throw new SchemaError(`${objectName}.${spec.name} already exists with type ${existing.type}, not ${spec.type}`);
      }
      return existing;
    }
    if (spec.type === 'string' && (spec.length ?? 255) > 255) {
      throw new SchemaError(`${objectName}.${spec.name}: Text fields hold at most 255 characters; use textarea`);
    }
    const def = field(spec.name, spec.type, {
      custom: true,
      ...(spec.label !== undefined ? { label: spec.label } : {}),
      ...(spec.length !== undefined ? { length: spec.length } : {}),
      ...(spec.precision !== undefined ? { precision: spec.precision } : {}),
      ...(spec.scale !== undefined ? { scale: spec.scale } : {}),
      ...(spec.picklistValues !== undefined ? { picklist: spec.picklistValues } : {}),
      restrictedPicklist: spec.restrictedPicklist ?? spec.type === 'picklist',
      externalId: spec.externalId ?? false,
    });
    obj.fields.set(def.name.toLowerCase(), def);
    this.version++;
    return def;
  }
}
