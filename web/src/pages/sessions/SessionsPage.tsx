import type { PageProps } from '../../routes';

export default function SessionsPage(_props: PageProps) {
  return <div className="notice">This page is being built.</div>;
}
