/**
 * How a function is bundled for Lambda: the CDK stack builds with these and the
 * benchmark measures bundles built with the same, so the sizes it prints are
 * the sizes deployed.
 */
export const functionBundling = {
  format: 'esm',
  target: 'node22',
  minify: true,
  mainFields: ['module', 'main'],
  /** Packages left to the Lambda runtime instead of the bundle. */
  externalModules: [] as string[],
  /** ESM bundles of CommonJS dependencies still call `require`. */
  banner: "import{createRequire as __broker_cr}from'module';const require=__broker_cr(import.meta.url);",
} as const;
