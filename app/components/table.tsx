// The header row of the card tables (ledger, risk points, filed problems): one style, headers from strings.
export function TableHead({ headers, nowrap = false }: { headers: readonly string[]; nowrap?: boolean }) {
  return (
    <thead className="bg-stone-50 text-left text-stone-600">
      <tr>
        {headers.map((h) => (
          <th key={h} className={`px-3 py-2 font-medium${nowrap ? " whitespace-nowrap" : ""}`}>
            {h}
          </th>
        ))}
      </tr>
    </thead>
  );
}
