// The few chrome.* APIs the extension uses (no @types/chrome: nothing is fetched at build time but esbuild).
declare const chrome: any;
