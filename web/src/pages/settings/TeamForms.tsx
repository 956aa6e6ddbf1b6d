import { useState, type FormEvent } from 'react';
import { Panel } from '../../components/Panel';
import { TextField, errorFor } from '../auth/fields';
import { useSubmit } from '../auth/use-submit';
import { SaveRow } from './SaveRow';
import type { AlertSeverity, SaveSettings, TeamSettings, Visibility } from './types';

interface FormProps {
  settings: TeamSettings;
  save: SaveSettings;
}

/** One settings form: draft state, save through PUT /team, a "Saved" note, errors by field. */
function useSettingsForm<T>(initial: T, toPatch: (draft: T) => Record<string, unknown>, save: SaveSettings) {
  const submit = useSubmit();
  const [draft, setDraft] = useState(initial);
  const [saved, setSaved] = useState(false);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    void submit.run(async () => {
      await save(toPatch(draft));
      setSaved(true);
    });
  };
  return { submit, draft, setDraft, saved, onSubmit, error: (field: string) => errorFor(submit.error, field) };
}

/** When the live alerts fire: context-window use, error rate, slow services. */
export function AlertsForm({ settings, save }: FormProps) {
  const toDraft = (a: TeamSettings['alerts']) => ({ contextPct: String(a.contextPct), errorRatePct: String(a.errorRatePct), slowServiceMs: String(a.slowServiceMs) });
  const form = useSettingsForm(toDraft(settings.alerts), (d) => ({ alerts: { contextPct: Number(d.contextPct), errorRatePct: Number(d.errorRatePct), slowServiceMs: Number(d.slowServiceMs) } }), save);
  const set = (key: keyof ReturnType<typeof toDraft>) => (e: { target: { value: string } }) => form.setDraft((d) => ({ ...d, [key]: e.target.value }));
  return (
    <Panel title="Alert thresholds" id="alerts" note="Alerts appear on the live page and go to the notification channels.">
      <form className="settings-form" onSubmit={form.onSubmit} noValidate>
        <TextField label="Context window use (%)" name="contextPct" type="number" min={1} max={100} value={form.draft.contextPct} onChange={set('contextPct')} error={form.error('alerts.contextPct')} hint="A session whose context is this full raises a warning; 90 % is high, 95 % critical (1–100)." />
        <TextField label="Error rate (%)" name="errorRatePct" type="number" min={0} max={100} value={form.draft.errorRatePct} onChange={set('errorRatePct')} error={form.error('alerts.errorRatePct')} hint="Share of failed events among a session’s last 20 (at least 10 seen). 0: off." />
        <TextField label="Slow service (ms)" name="slowServiceMs" type="number" min={1} value={form.draft.slowServiceMs} onChange={set('slowServiceMs')} error={form.error('alerts.slowServiceMs')} hint="A tool call slower than this (MCP calls count per server)." />
        <SaveRow submit={form.submit} saved={form.saved} fields={['alerts.contextPct', 'alerts.errorRatePct', 'alerts.slowServiceMs']} />
      </form>
    </Panel>
  );
}

/** Where alerts go besides the dashboard: a webhook, told about alerts at or above a severity. */
export function NotificationsForm({ settings, save }: FormProps) {
  const form = useSettingsForm(
    { minSeverity: settings.notifications.minSeverity, webhookUrl: settings.notifications.webhookUrl ?? '' },
    (d) => ({ notifications: { minSeverity: d.minSeverity, webhookUrl: d.webhookUrl.trim() || null } }),
    save,
  );
  return (
    <Panel title="Notifications" id="notifications">
      <form className="settings-form" onSubmit={form.onSubmit} noValidate>
        <TextField label="Webhook URL" name="webhookUrl" type="url" placeholder="https://hooks.example.com/…" value={form.draft.webhookUrl} onChange={(e) => form.setDraft((d) => ({ ...d, webhookUrl: e.target.value }))} error={form.error('notifications.webhookUrl')} hint="Each alert is POSTed here as JSON when it starts, escalates and clears. Empty: no webhook." />
        <div className="form-field">
          <label htmlFor="min-severity">Notify from severity</label>
          <select id="min-severity" className="input" value={form.draft.minSeverity} onChange={(e) => form.setDraft((d) => ({ ...d, minSeverity: e.target.value as AlertSeverity }))}>
            <option value="warning">warning: every alert</option>
            <option value="high">high: error rates, bursts, context ≥ 90 %</option>
            <option value="critical">critical: context ≥ 95 % only</option>
          </select>
          <div className="field-hint">Alerts below it still show on the live page.</div>
        </div>
        <SaveRow submit={form.submit} saved={form.saved} fields={['notifications.webhookUrl', 'notifications.minSeverity']} />
      </form>
    </Panel>
  );
}

/** Who may join, and who sees new sessions. */
export function SignupForm({ settings, save }: FormProps) {
  const form = useSettingsForm({ openSignup: settings.openSignup, defaultVisibility: settings.defaultVisibility }, (d) => ({ ...d }), save);
  return (
    <Panel title="Sign-up and sharing" id="signup">
      <form className="settings-form" onSubmit={form.onSubmit} noValidate>
        <label className="check">
          <input type="checkbox" checked={form.draft.openSignup} onChange={(e) => form.setDraft((d) => ({ ...d, openSignup: e.target.checked }))} data-testid="open-signup" />
          <span>
            Open sign-up <small>anyone who can reach this server may create an account (as a member) without an invite</small>
          </span>
        </label>
        <div className="form-field">
          <label htmlFor="default-visibility">Visibility of new sessions</label>
          <select id="default-visibility" className="input" value={form.draft.defaultVisibility} onChange={(e) => form.setDraft((d) => ({ ...d, defaultVisibility: e.target.value as Visibility }))}>
            <option value="private">private: only their owner</option>
            <option value="team">team: everyone in the team</option>
            <option value="public">public: the team, and public links</option>
          </select>
          <div className="field-hint">Owners can change each session’s visibility on its page.</div>
        </div>
        <SaveRow submit={form.submit} saved={form.saved} fields={[]} />
      </form>
    </Panel>
  );
}
