// The little of bpmn-moddle and dmn-moddle's untyped APIs that the model check uses.
declare module 'bpmn-moddle' {
  const BpmnModdle: new (packages?: Record<string, unknown>) => {
    fromXML(xml: string): Promise<{ rootElement: import('./model-check').ModdleElement; warnings: { message: string }[] }>;
  };
  export default BpmnModdle;
}
declare module 'dmn-moddle' {
  const DmnModdle: new (packages?: Record<string, unknown>) => {
    fromXML(xml: string): Promise<{ rootElement: import('./model-check').ModdleElement; warnings: { message: string }[] }>;
  };
  export default DmnModdle;
}
