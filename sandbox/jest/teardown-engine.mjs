// globalTeardown of the jest project `engine` (see provision.mjs).
export { tearDown as default } from './provision.mjs';
