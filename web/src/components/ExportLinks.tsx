import { apiUrl, type Params } from '../lib/api';

/** Download links for a list: the same request as CSV and as JSON (up to 1,000 rows). */
export function ExportLinks({ path, params, name }: { path: string; params: Params; name: string }) {
  const all = { ...params, cursor: undefined, limit: 1000 };
  return (
    <span className="btn-group" role="group" aria-label={`Export ${name}`}>
      <a className="btn" href={apiUrl(path, { ...all, format: 'csv' })} download={`${name}.csv`}>
        CSV
      </a>
      <a className="btn" href={apiUrl(path, { ...all, format: 'json' })} download={`${name}.json`}>
        JSON
      </a>
    </span>
  );
}
