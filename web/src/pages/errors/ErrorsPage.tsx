import type { PageProps } from '../../routes';

export default function ErrorsPage(_props: PageProps) {
  return <div className="notice">This page is being built.</div>;
}
