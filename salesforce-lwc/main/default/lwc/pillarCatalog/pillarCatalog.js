// Generated from the FIELD CATALOG in shared/src by backend/src/crm/salesforce/metadata/generate.ts.
// Do not edit: change the catalog and run `npx tsx backend/src/crm/salesforce/metadata/generate.ts`.
import ACCOUNT_HEALTH_SCORE from '@salesforce/schema/Account.Pillar_Health_Score__c';
import ACCOUNT_HEALTH_BAND from '@salesforce/schema/Account.Pillar_Health_Band__c';
import ACCOUNT_HEALTH_TREND30D from '@salesforce/schema/Account.Pillar_Health_Trend_30d__c';
import ACCOUNT_CATEGORY_ENGAGEMENT from '@salesforce/schema/Account.Pillar_Engagement_Score__c';
import ACCOUNT_CATEGORY_FIT from '@salesforce/schema/Account.Pillar_Fit_Score__c';
import ACCOUNT_CATEGORY_INTENT from '@salesforce/schema/Account.Pillar_Intent_Score__c';
import ACCOUNT_CATEGORY_VELOCITY from '@salesforce/schema/Account.Pillar_Velocity_Score__c';
import ACCOUNT_CATEGORY_PIPELINE_HEALTH from '@salesforce/schema/Account.Pillar_Pipeline_Health_Score__c';
import ACCOUNT_CATEGORY_RELATIONSHIP from '@salesforce/schema/Account.Pillar_Relationship_Score__c';
import ACCOUNT_CATEGORY_RISK from '@salesforce/schema/Account.Pillar_Risk_Score__c';
import ACCOUNT_CATEGORY_OPPORTUNITY_QUALITY from '@salesforce/schema/Account.Pillar_Opportunity_Quality_Score__c';
import ACCOUNT_RENEWAL_RISK from '@salesforce/schema/Account.Pillar_Renewal_Risk__c';
import ACCOUNT_RENEWAL_RISK_BAND from '@salesforce/schema/Account.Pillar_Renewal_Risk_Band__c';
import ACCOUNT_PRIORITY_SCORE from '@salesforce/schema/Account.Pillar_Priority_Score__c';
import ACCOUNT_TOP_DRIVERS from '@salesforce/schema/Account.Pillar_Top_Drivers__c';
import ACCOUNT_OPEN_SIGNALS from '@salesforce/schema/Account.Pillar_Open_Signals__c';
import ACCOUNT_DATA_SUFFICIENCY from '@salesforce/schema/Account.Pillar_Data_Sufficiency__c';
import ACCOUNT_SCORED_AT from '@salesforce/schema/Account.Pillar_Scored_At__c';
import OPPORTUNITY_WIN_PROBABILITY from '@salesforce/schema/Opportunity.Pillar_Win_Probability__c';
import OPPORTUNITY_DEAL_RISK from '@salesforce/schema/Opportunity.Pillar_Deal_Risk__c';
import OPPORTUNITY_DEAL_RISK_BAND from '@salesforce/schema/Opportunity.Pillar_Deal_Risk_Band__c';
import OPPORTUNITY_FORECAST_CATEGORY from '@salesforce/schema/Opportunity.Pillar_Forecast_Category__c';
import OPPORTUNITY_HYGIENE from '@salesforce/schema/Opportunity.Pillar_Hygiene_Score__c';
import OPPORTUNITY_CONFIDENCE from '@salesforce/schema/Opportunity.Pillar_Forecast_Confidence__c';
import OPPORTUNITY_RISK_REASONS from '@salesforce/schema/Opportunity.Pillar_Risk_Reasons__c';
import OPPORTUNITY_NEXT_BEST_ACTION from '@salesforce/schema/Opportunity.Pillar_Next_Best_Action__c';
import OPPORTUNITY_SCORED_AT from '@salesforce/schema/Opportunity.Pillar_Scored_At__c';

export const ACCOUNT_FIELDS = {
    healthScore: ACCOUNT_HEALTH_SCORE,
    healthBand: ACCOUNT_HEALTH_BAND,
    healthTrend30d: ACCOUNT_HEALTH_TREND30D,
    renewalRisk: ACCOUNT_RENEWAL_RISK,
    renewalRiskBand: ACCOUNT_RENEWAL_RISK_BAND,
    priorityScore: ACCOUNT_PRIORITY_SCORE,
    topDrivers: ACCOUNT_TOP_DRIVERS,
    openSignals: ACCOUNT_OPEN_SIGNALS,
    dataSufficiency: ACCOUNT_DATA_SUFFICIENCY,
    scoredAt: ACCOUNT_SCORED_AT
};

export const ACCOUNT_CATEGORIES = [
    { key: 'engagement', label: 'Engagement', field: ACCOUNT_CATEGORY_ENGAGEMENT },
    { key: 'fit', label: 'Fit', field: ACCOUNT_CATEGORY_FIT },
    { key: 'intent', label: 'Intent', field: ACCOUNT_CATEGORY_INTENT },
    { key: 'velocity', label: 'Velocity', field: ACCOUNT_CATEGORY_VELOCITY },
    { key: 'pipelineHealth', label: 'Pipeline Health', field: ACCOUNT_CATEGORY_PIPELINE_HEALTH },
    { key: 'relationship', label: 'Relationship', field: ACCOUNT_CATEGORY_RELATIONSHIP },
    { key: 'risk', label: 'Risk', field: ACCOUNT_CATEGORY_RISK },
    { key: 'opportunityQuality', label: 'Opportunity Quality', field: ACCOUNT_CATEGORY_OPPORTUNITY_QUALITY }
];

export const OPPORTUNITY_FIELDS = {
    winProbability: OPPORTUNITY_WIN_PROBABILITY,
    dealRisk: OPPORTUNITY_DEAL_RISK,
    dealRiskBand: OPPORTUNITY_DEAL_RISK_BAND,
    forecastCategory: OPPORTUNITY_FORECAST_CATEGORY,
    hygiene: OPPORTUNITY_HYGIENE,
    confidence: OPPORTUNITY_CONFIDENCE,
    riskReasons: OPPORTUNITY_RISK_REASONS,
    nextBestAction: OPPORTUNITY_NEXT_BEST_ACTION,
    scoredAt: OPPORTUNITY_SCORED_AT
};

export const HEALTH_BANDS = [
    { key: 'HEALTHY', label: 'Healthy', min: 70, tone: 'success' },
    { key: 'WATCH', label: 'Watch', min: 50, tone: 'warning' },
    { key: 'AT_RISK', label: 'At Risk', min: 30, tone: 'error' },
    { key: 'CRITICAL', label: 'Critical', min: 0, tone: 'error' }
];

export const RENEWAL_RISK_BANDS = [
    { key: 'LOW', label: 'Low', min: 0, tone: 'success' },
    { key: 'MEDIUM', label: 'Medium', min: 30, tone: 'warning' },
    { key: 'HIGH', label: 'High', min: 50, tone: 'error' },
    { key: 'CRITICAL', label: 'Critical', min: 85, tone: 'error' }
];

export const DEAL_RISK_BANDS = [
    { key: 'LOW', label: 'Low', min: 0, tone: 'success' },
    { key: 'MEDIUM', label: 'Medium', min: 40, tone: 'warning' },
    { key: 'HIGH', label: 'High', min: 60, tone: 'error' }
];

export const HYGIENE_BANDS = [
    { key: 'CLEAN', label: 'Clean', min: 0, tone: 'success' },
    { key: 'NEEDS_ATTENTION', label: 'Needs attention', min: 50, tone: 'warning' },
    { key: 'POOR', label: 'Poor', min: 70, tone: 'error' }
];

export const FORECAST_CATEGORIES = [
    { key: 'WON', label: 'Won' },
    { key: 'COMMIT', label: 'Commit' },
    { key: 'PROBABLE', label: 'Probable' },
    { key: 'UPSIDE', label: 'Upside' },
    { key: 'PROJECTION', label: 'Projection' }
];

export const SIGNAL_SEVERITIES = [
    { key: 'CRITICAL', label: 'Critical', tone: 'error' },
    { key: 'WARNING', label: 'Warning', tone: 'warning' },
    { key: 'INFO', label: 'Info', tone: 'info' }
];

export const SIGNAL_ACTIONS = [
    { key: 'acknowledge', label: 'Acknowledge' },
    { key: 'start', label: 'Start' },
    { key: 'resolve', label: 'Resolve' },
    { key: 'suppress', label: 'Suppress' }
];

export const PLAY_OUTCOMES = [
    { key: 'RENEWED', label: 'Renewed' },
    { key: 'EXPANDED', label: 'Expanded' },
    { key: 'CHURNED', label: 'Churned' },
    { key: 'LOST', label: 'Lost' },
    { key: 'WON', label: 'Won' },
    { key: 'RESOLVED', label: 'Resolved' },
    { key: 'NO_ACTION_NEEDED', label: 'No action needed' }
];
