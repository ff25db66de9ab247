/**
 * Names that tie the Salesforce package together: the generator writes them, the Apex and LWC sources use
 * them, and the offline checks prove every reference resolves.
 */
export const PACKAGE_DIRECTORY = 'salesforce-lwc';
/** Source-format root of the package's metadata, relative to the repository root. */
export const SOURCE_ROOT = `${PACKAGE_DIRECTORY}/main/default`;
export const API_VERSION = '66.0';

export const EXTERNAL_CREDENTIAL = 'Pillar_API';
export const NAMED_CREDENTIAL = 'Pillar_API';
/** The named principal of the External Credential; permission sets grant `<credential>-<principal>`. */
export const CREDENTIAL_PRINCIPAL = 'PillarOrgPrincipal';
export const CUSTOM_PERMISSION = 'Pillar_Card_Access';
/** The only Apex class a user calls directly (from the LWCs). */
export const CARD_CONTROLLER = 'PillarCardController';
export const SIGNALS_TAB = 'Pillar_My_Signals';
export const REPORT_TYPE = 'Pillar_Accounts_with_Opportunities';
