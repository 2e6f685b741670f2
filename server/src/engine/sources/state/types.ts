// The `Code::State::*` fact types that the state reader emits and the state rules read. Kept apart
// so that a rule can name a type without loading the reader.
export const SESSION_TYPE = 'Code::State::Session';
export const LOCAL_FILE_TYPE = 'Code::State::LocalFile';
export const COLLECTION_TYPE = 'Code::State::ModuleCollection';
export const SDK_REGION_TYPE = 'Code::State::SdkRegion';
export const CONFIG_FILE_TYPE = 'Code::State::ConfigFile';
