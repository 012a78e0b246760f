/** The sales rep's configurator without a UI: the generated form, the configuration state, the waterfall. */
export { formOf, valueText } from './form.js';
export type { ConfiguratorForm, FormGroup, FormField, FormOption, Locale } from './form.js';
export { Configuration } from './Configuration.js';
export type { FieldError, PriceState, ConfigurationSnapshot, InputResult, RuleDetails } from './Configuration.js';
export { waterfall } from './waterfall.js';
export type { Waterfall, WaterfallStep, WaterfallOptions } from './waterfall.js';
export { SavedConfiguration, SavedConfigurationId, newSavedConfiguration, newSavedConfigurationId } from './SavedConfiguration.js';
export type { NewSavedConfiguration } from './SavedConfiguration.js';
