import { describe, expect, it } from 'vitest';
import { columnsText } from './ledger-template';
import { PRESET_TEMPLATES } from './presets';
import { readLedgerColumns, templateForm } from './template-form';

describe('reading a template’s columns', () => {
  it('reads every preset back from the text a person edits', () => {
    for (const preset of Object.values(PRESET_TEMPLATES))
      expect(readLedgerColumns(columnsText(preset.columns))).toEqual({ ok: true, columns: preset.columns });
  });

  it('refuses a column header used twice, naming both lines', () => {
    expect(readLedgerColumns('Account = subjective_code\nCost centre = cost_centre\n\naccount = "X"')).toEqual({
      ok: false,
      errors: [{ field: 'columns', message: 'Line 4: the column account is already on line 1: each header once' }],
    });
  });

  it('names each line that is not a column', () => {
    const result = readLedgerColumns('Doc = document_number\nAmount = pounds\nClient\n = cost_centre\nX = "open');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.message)).toEqual([
      'Line 2: “pounds” is not a source: use one from the list, or put a fixed value in quotation marks',
      'Line 3: write the column as Header = source, or Header = "fixed value"',
      'Line 4: the column has no header before the =',
      'Line 5: the fixed value for X needs a closing quotation mark',
    ]);
  });

  it('needs at least one column', () => {
    expect(readLedgerColumns(' \n')).toEqual({
      ok: false,
      errors: [{ field: 'columns', message: 'Enter at least one column' }],
    });
  });

  it('keeps a fixed value’s spaces and an empty fixed value', () => {
    expect(readLedgerColumns('client = ""\nsource = " TRADED "')).toEqual({
      ok: true,
      columns: [
        { header: 'client', source: 'fixed', value: '' },
        { header: 'source', source: 'fixed', value: ' TRADED ' },
      ],
    });
  });
});

describe('the template form', () => {
  const fields = {
    preset: 'unit4_gl07',
    delimiter: 'comma',
    dateFormat: 'YYYYMMDD',
    headerRow: 'yes',
    columns: 'a = batch_id',
    manualCostCentre: ' cs9999 ',
    manualSubjectiveCode: '',
  };
  it('takes codes for hand-added lines in capitals, or none', () => {
    expect(templateForm.parse(fields)).toMatchObject({ manualCostCentre: 'CS9999', manualSubjectiveCode: null });
  });
  it('refuses a code with spaces and an unknown delimiter', () => {
    const result = templateForm.safeParse({ ...fields, manualCostCentre: 'CS 99', delimiter: 'colon' });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['delimiter', 'manualCostCentre']);
  });
});
