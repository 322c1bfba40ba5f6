import {
  ANONYMOUS_OPERATION,
  MAX_OPERATION_NAME_LENGTH,
  NO_OPERATION,
  OperationNameLabels,
  OTHER_OPERATION,
} from './operation-names';

describe('OperationNameLabels', () => {
  it('labels a named operation by its name, an unnamed one and a failed one by fixed labels', () => {
    const labels = new OperationNameLabels(10);
    expect(labels.label(true, 'Dashboard')).toBe('Dashboard');
    expect(labels.label(true, undefined)).toBe(ANONYMOUS_OPERATION);
    expect(labels.label(true, '')).toBe(ANONYMOUS_OPERATION);
    expect(labels.label(false, 'Dashboard')).toBe(NO_OPERATION);
  });

  it('cuts long names to the maximum length', () => {
    const labels = new OperationNameLabels(10);
    const long = 'Q'.repeat(MAX_OPERATION_NAME_LENGTH + 50);
    expect(labels.label(true, long)).toBe('Q'.repeat(MAX_OPERATION_NAME_LENGTH));
  });

  it('keeps the first names up to the cap, then labels new ones as other', () => {
    const labels = new OperationNameLabels(2);
    expect(labels.label(true, 'A')).toBe('A');
    expect(labels.label(true, 'B')).toBe('B');
    expect(labels.label(true, 'C')).toBe(OTHER_OPERATION);
    // Names already seen keep their label after the cap is reached.
    expect(labels.label(true, 'A')).toBe('A');
    // Two long names that agree on their first 64 characters count once.
    const capped = new OperationNameLabels(1);
    const prefix = 'x'.repeat(MAX_OPERATION_NAME_LENGTH);
    expect(capped.label(true, `${prefix}1`)).toBe(prefix);
    expect(capped.label(true, `${prefix}2`)).toBe(prefix);
  });
});
