export { default } from './rules/no-unmanaged-promises.ts';
