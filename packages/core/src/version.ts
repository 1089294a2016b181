/** Version stamped on every sandbox's `llmsb.version` label. */
export const LIBRARY_VERSION = '0.1.0';
