import type { Row } from './tables.js';

/** A chart's numbers as a table: a caption, the names as row headers, agencies indented under their ministry. */
export function DataTable({
  caption,
  rowHeader,
  columns,
  rows,
  testId,
}: {
  caption: string;
  rowHeader: string;
  columns: string[];
  rows: Row[];
  testId: string;
}) {
  return (
    <table className="data-table" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{rowHeader}</th>
          {columns.map((c) => (
            <th scope="col" key={c}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.level}-${row.key}`} className={row.level ? 'member' : undefined} data-key={row.key}>
            <th scope="row">{row.label}</th>
            {row.values.map((value, i) => (
              <td key={columns[i] ?? i}>{value}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
