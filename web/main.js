// The page: starts the engine in a worker, then shows its version and the
// built-in networks.
import { startEngine } from './engine.js';

const status = document.getElementById('status');
const select = document.getElementById('network');
const version = document.getElementById('version');

async function main() {
  const engine = startEngine();
  version.textContent = `nndf ${await engine.call('version')}`;
  const networks = JSON.parse(await engine.call('builtinNetworks'));
  select.replaceChildren(...networks.map(({ name }) => new Option(name, name)));
  select.disabled = false;
  status.textContent = `Ready: ${networks.length} built-in networks.`;
}

main().catch((err) => {
  status.textContent = `The engine could not start: ${err.message}`;
  status.classList.add('error');
  console.error(err);
});
