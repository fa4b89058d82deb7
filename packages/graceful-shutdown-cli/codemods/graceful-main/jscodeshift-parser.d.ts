// jscodeshift's parser wrappers ship without types: a factory taking @babel/parser options.
declare module 'jscodeshift/parser/babylon.js' {
  const factory: (options?: Record<string, unknown>) => { parse(code: string): unknown };
  export default factory;
}
