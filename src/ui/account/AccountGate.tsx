/**
 * Sign-in where the app is served by a Suanpan server: until someone is signed in, the sign-in
 * form stands in for the app. Without a server the app goes straight in (fully local).
 */
import { createResource, createSignal, Match, Switch, type JSX } from 'solid-js';
import type { Session, SessionUser } from '../../sync/network/session';
import type { Locale } from '../locale';
import { useServices } from '../services';
import { accountMessages } from './accountMessages';
import './account.css';

export function AccountGate(props: { locale: Locale; children: JSX.Element }): JSX.Element {
  const services = useServices();
  const [account] = createResource(() => services.account());
  const [user, setUser] = createSignal<SessionUser | undefined>();
  const session = () => {
    const a = account();
    return a?.kind === 'server' ? a.session : undefined;
  };
  const signedIn = () => account()?.kind === 'local' || user() !== undefined || session()?.user !== undefined;
  return (
    <Switch>
      <Match when={account.loading}>
        <p class="account-checking">{accountMessages[props.locale.language()].checking}</p>
      </Match>
      <Match when={account.error}>
        <p role="alert">{String(account.error)}</p>
      </Match>
      <Match when={!signedIn() && session()}>{(s) => <SignIn locale={props.locale} session={s()} onSignedIn={setUser} />}</Match>
      <Match when={signedIn()}>{props.children}</Match>
    </Switch>
  );
}

function SignIn(props: { locale: Locale; session: Session; onSignedIn: (user: SessionUser) => void }): JSX.Element {
  const text = () => accountMessages[props.locale.language()];
  const [username, setUsername] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      props.onSignedIn(await props.session.login(username().trim(), password()));
    } catch (e) {
      // Matched by name: importing the class would pull the session module into the shell's chunk.
      setError(e instanceof Error && e.name === 'LoginError' ? text().refused : text().unreachable);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="account-signin" data-testid="sign-in" onSubmit={(e) => void submit(e)}>
      <h2>{text().signInTitle}</h2>
      <p>{text().signInIntro}</p>
      <label>
        {text().username}
        <input name="username" autocomplete="username" required value={username()} onInput={(e) => setUsername(e.currentTarget.value)} />
      </label>
      <label>
        {text().password}
        <input name="password" type="password" autocomplete="current-password" required value={password()} onInput={(e) => setPassword(e.currentTarget.value)} />
      </label>
      {error() && (
        <p class="account-error" role="alert">
          {error()}
        </p>
      )}
      <button type="submit" disabled={busy()}>
        {busy() ? text().signingIn : text().signIn}
      </button>
    </form>
  );
}
