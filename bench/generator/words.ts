/** Vocabulary shared by the prose, prompt and code builders. */
export const FUNCTION_NAMES = [
  'calculateTotal', 'parseConfig', 'fetchOrders', 'renderCart', 'validateToken', 'applyDiscount',
  'loadSession', 'retryRequest', 'normalizePath', 'formatCurrency', 'buildQuery', 'flushBuffer',
  'resolveUser', 'scheduleJob', 'mergeEvents', 'encodeCursor', 'readManifest', 'handleWebhook',
] as const;

export const TOPICS = [
  'empty carts', 'expired tokens', 'the retry path', 'timezone offsets', 'pagination cursors',
  'the cache invalidation', 'concurrent writes', 'the migration order', 'rate limiting',
  'the error envelope', 'null prices', 'the feature flag', 'unicode file names', 'the CSV export',
] as const;

export const TABLES = ['orders', 'users', 'invoices', 'sessions', 'events', 'carts', 'payments'] as const;

export const MODULE_NAMES = [
  'cart', 'checkout', 'auth', 'config', 'orders', 'billing', 'search', 'export', 'queue', 'cache',
  'http', 'db', 'report', 'webhook', 'pricing', 'session', 'users', 'metrics',
] as const;

export const DIRECTORIES = ['src', 'src/lib', 'src/api', 'src/services', 'src/utils', 'test', 'scripts'] as const;

export const TYPES = ['string', 'number', 'boolean', 'Order', 'User', 'Config', 'Cart', 'Date'] as const;

export const ERROR_MESSAGES = [
  'missing id', 'invalid state', 'not found', 'permission denied', 'timeout exceeded', 'bad cursor',
] as const;
