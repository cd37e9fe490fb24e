// The registry client's public surface.
export { RegistryClient, nextLink } from './client';
export { RegistryError, isRegistryError, type RegistryErrorKind } from './errors';
export { nearestTags } from './nearest-tags';
export { parseWwwAuthenticate, type Challenge } from './www-authenticate';
export * from './types';
