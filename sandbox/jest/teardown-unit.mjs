// globalTeardown of the jest project `unit` (see provision.mjs).
export { tearDown as default } from './provision.mjs';
