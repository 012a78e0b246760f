/** A small valve model for the configurator's tests, with figures simple enough to work by hand. */
import { formatWorkbookError } from '../workbook/errors.js';
import { PriceModel } from '../workbook/PriceModel.js';
import { L, memorySource, workbook } from '../workbook/testSupport.js';

/**
 * body = ROUND(price per DN100 × DN / 100, 2); coating 35 if chosen; cost = body + coating;
 * unit price = ROUND(cost × 1.25, 2); margin = unit price − cost; total = unit price × qty.
 * Body prices per DN100: GG25 800, WCB 1200, CF8M 2600. Breakdown: body, coating, margin.
 * Parameters are listed with their groups interleaved and one ungrouped field first, so that
 * the form's grouping has something to do.
 */
export const miniValve = workbook({
  id: 'mini-valve',
  name: L('Mini valve', '小阀门'),
  sheets: [
    { name: 'Inputs', cells: { A1: 'DN', B1: 100, A2: 'Quantity', B2: 1, A3: 'Coating', B3: false, A4: 'Body', B4: 'WCB', A5: 'Note', B5: '', A6: 'Delivery', B6: 46023 } },
    {
      name: 'Calc',
      cells: {
        A1: 'Body',
        B1: '=ROUND(VLOOKUP(Inputs!B4,Tables!A1:B3,2,FALSE())*Inputs!B1/100,2)',
        A2: 'Coating',
        B2: '=IF(Inputs!B3,35,0)',
        A3: 'Cost',
        B3: '=B1+B2',
        A4: 'Unit price',
        B4: '=ROUND(B3*1.25,2)',
        A5: 'Margin',
        B5: '=B4-B3',
        A6: 'Total',
        B6: '=B4*Inputs!B2',
      },
    },
    { name: 'Tables', rows: [['GG25', 800], ['WCB', 1200], ['CF8M', 2600]] },
  ],
  parameters: [
    { id: 'note', label: L('Note', '备注'), type: 'text', maxLength: 20, default: '', bind: 'Inputs!B5' },
    { id: 'dn', label: L('Nominal size', '公称通径'), type: 'integer', unit: 'mm', group: 'size', min: 50, max: 600, step: 50, default: 100, bind: 'Inputs!B1' },
    {
      id: 'body',
      label: L('Body material', '阀体材料'),
      type: 'choice',
      group: 'materials',
      default: 'WCB',
      bind: 'Inputs!B4',
      options: [
        { value: 'GG25', label: L('Grey cast iron', '灰铸铁') },
        { value: 'WCB', label: L('Cast steel WCB', '铸钢WCB') },
        { value: 'CF8M', label: L('Stainless CF8M', '不锈钢CF8M') },
      ],
    },
    { id: 'qty', label: L('Quantity', '数量'), type: 'integer', group: 'commercial', min: 1, default: 1, bind: 'Inputs!B2' },
    {
      id: 'coating',
      label: L('Epoxy coating', '环氧涂层'),
      type: 'boolean',
      group: 'materials',
      default: false,
      bind: 'Inputs!B3',
      description: L('Fusion-bonded epoxy, inside and out', '内外熔结环氧'),
    },
    { id: 'delivery', label: L('Delivery date', '交货日期'), type: 'date', group: 'commercial', min: '2026-01-01', default: '2026-01-01', bind: 'Inputs!B6' },
  ],
  outputs: [
    { id: 'unit_price', label: L('Unit price', '单价'), role: 'unit_price', ref: 'Calc!B4' },
    { id: 'total_price', label: L('Total', '总价'), role: 'total_price', ref: 'Calc!B6' },
    // Listed out of step order on purpose.
    { id: 'margin_step', label: L('Margin', '毛利'), role: 'breakdown', ref: 'Calc!B5', money: true, step: 3 },
    { id: 'body_cost', label: L('Body', '阀体'), role: 'breakdown', ref: 'Calc!B1', money: true, step: 1 },
    { id: 'coating_cost', label: L('Coating', '涂层'), role: 'breakdown', ref: 'Calc!B2', money: true, step: 2 },
  ],
});

export async function openModel(wb: unknown = miniValve): Promise<PriceModel> {
  const r = await PriceModel.open('m.workbook.json', memorySource({ 'm.workbook.json': wb }));
  if (!r.ok) throw new Error(r.errors.map(formatWorkbookError).join('\n'));
  return r.model;
}
