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
  /**
   * Left to the Lambda runtime, which ships AWS SDK v3 (and its Smithy core):
   * the SDK was ≈ 350 KB of every ≈ 650 KB bundle, and the runtime's copy is
   * already on disk and in the OS page cache. The broker calls only long-stable
   * operations of DynamoDB, EventBridge and Secrets Manager; docs/architecture.md
   * (Bundles) records the trade-off against pinning the SDK version.
   */
  externalModules: ['@aws-sdk/*', '@smithy/*'] as string[],
  /** ESM bundles of CommonJS dependencies still call `require`. */
  banner: "import{createRequire as __broker_cr}from'module';const require=__broker_cr(import.meta.url);",
} as const;
