/**
 * The header's account corner when a server is in use: the connection (online, syncing with N
 * to send, offline with N pending changes), who is signed in, and sign-out. Nothing at all
 * without a server.
 */
import { createEffect, createResource, createSignal, onCleanup, Show, type JSX } from 'solid-js';
import type { SessionUser } from '../../sync/network/session';
import type { SyncStatus } from '../../sync/network/syncedPersistence';
import type { Locale } from '../locale';
import { useServices } from '../services';
import { accountMessages } from './accountMessages';

export function ConnectionStatus(props: { locale: Locale }): JSX.Element {
  const services = useServices();
  const text = () => accountMessages[props.locale.language()];
  const [account] = createResource(() => services.account());
  const [status, setStatus] = createSignal<SyncStatus>();
  // Storage opens only for a signed-in user: follow the session until someone is.
  const [user, setUser] = createSignal<SessionUser | undefined>();
  createEffect(() => {
    const a = account();
    if (a?.kind !== 'server') return;
    setUser(a.session.user);
    onCleanup(a.session.onChange(setUser));
  });
  const [storage] = createResource(
    () => user()?.username,
    () => services.storage(),
  );
  createEffect(() => {
    const network = storage()?.network;
    if (network) onCleanup(network.persistence.onStatus(setStatus));
  });
  const label = (s: SyncStatus) => (s.state === 'online' ? text().online : s.state === 'syncing' ? text().syncing(s.pending) : text().offline(s.pending));
  return (
    <Show when={account()?.kind === 'server' && storage()?.network}>
      {(network) => {
        return (
          <div class="account-corner">
            <Show when={status()}>
              {(s) => (
                <span class="connection" classList={{ [`connection-${s().state}`]: true }} data-testid="connection-status" data-state={s().state} data-pending={s().pending} title={text().connectionHint}>
                  {label(s())}
                </span>
              )}
            </Show>
            <Show when={user()}>
              {(u) => (
                <span class="account-user" data-testid="signed-in-user" data-username={u().username}>
                  {u().displayName} · {text().roles[u().role] ?? u().role}
                </span>
              )}
            </Show>
            <button
              type="button"
              class="account-signout"
              onClick={() => {
                network().session.logout();
                location.reload();
              }}
            >
              {text().signOut}
            </button>
          </div>
        );
      }}
    </Show>
  );
}
