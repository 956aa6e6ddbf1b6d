import './settings.css';
import { EmptyState, Loadable, Skeleton } from '../../components/Panel';
import { Tabs } from '../../components/Tabs';
import { apiSend } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { useQueryParams } from '../../lib/router';
import { useApi } from '../../lib/use-api';
import { BudgetsTab } from './BudgetsTab';
import { InvitesTab } from './InvitesTab';
import { KeysTab } from './KeysTab';
import { MembersTab } from './MembersTab';
import { ProfileTab } from './ProfileTab';
import { AlertsForm, NotificationsForm, SignupForm } from './TeamForms';
import type { SettingsPatch, TeamAnswer } from './types';

const ADMIN_TABS = [
  { id: 'profile', label: 'Profile' },
  { id: 'members', label: 'Members' },
  { id: 'invites', label: 'Invites' },
  { id: 'keys', label: 'API keys' },
  { id: 'budgets', label: 'Budgets' },
  { id: 'alerts', label: 'Alerts' },
  { id: 'notifications', label: 'Notifications' },
  { id: 'signup', label: 'Sign-up' },
];
const MEMBER_TABS = [ADMIN_TABS[0], ADMIN_TABS[3]];

/**
 * Team mode's settings: everyone has their profile and API keys; admins also members, invites,
 * budgets, alert thresholds, notifications and sign-up. The tab lives in the URL (`?tab=`).
 */
export default function SettingsPage() {
  const auth = useAuth();
  const [search, setParams] = useQueryParams();
  const team = useApi<TeamAnswer>(auth.mode === 'team' ? '/team' : null);
  if (auth.mode !== 'team' || !auth.me) {
    return (
      <div className="panel">
        <EmptyState title="Settings are for team mode" code="npx sightline serve --team">
          <p>Local mode has one user and the access token: there are no accounts, members or API keys to manage.</p>
        </EmptyState>
      </div>
    );
  }
  const admin = auth.role === 'admin';
  const tabs = admin ? ADMIN_TABS : MEMBER_TABS;
  const tab = tabs.find((t) => t.id === search.get('tab'))?.id ?? 'profile';
  const save = async (patch: SettingsPatch) => {
    await apiSend('PUT', '/team', patch);
    team.reload();
  };
  return (
    <div className="settings-page">
      <Tabs tabs={tabs} selected={tab} onSelect={(id) => setParams({ tab: id === 'profile' ? undefined : id })} label="Settings sections" />
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="settings-panel">
        {tab === 'members' ? (
          <MembersTab me={auth.me} />
        ) : tab === 'invites' ? (
          <InvitesTab />
        ) : tab === 'keys' ? (
          <KeysTab me={auth.me} />
        ) : (
          <Loadable state={team} skeleton={<Skeleton height={160} />}>
            {(answer) =>
              tab === 'budgets' ? (
                <BudgetsTab settings={answer.settings} save={save} />
              ) : tab === 'alerts' ? (
                <AlertsForm settings={answer.settings} save={save} />
              ) : tab === 'notifications' ? (
                <NotificationsForm settings={answer.settings} save={save} />
              ) : tab === 'signup' ? (
                <SignupForm settings={answer.settings} save={save} />
              ) : (
                <ProfileTab me={auth.me!} settings={answer.settings} admin={admin} save={save} />
              )
            }
          </Loadable>
        )}
      </div>
    </div>
  );
}
