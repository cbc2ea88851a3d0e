export const PACKAGE_NAME = '@sightline/pino';
export const PACKAGE_VERSION = '0.1.0';
