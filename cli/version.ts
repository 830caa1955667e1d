/**
 * The CLI's version. `latest` means "built from a checkout": `kelos install`
 * then keeps the `:latest` image tags. A release build rewrites this constant.
 */
export const CLI_VERSION = 'latest';
