import type { PageProps } from '../../routes';

export default function ToolsPage(_props: PageProps) {
  return <div className="notice">This page is being built.</div>;
}
