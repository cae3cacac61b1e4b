// The music folders: one path field per folder in a browser, plus the OS
// folder picker inside Electron. Removing the last folder is allowed; the
// server then serves nothing.
export function FolderList(props: {
  id: string;
  folders: string[];
  onChange: (folders: string[]) => void;
  pickFolder?: () => Promise<string | null>;
}) {
  const { id, folders, onChange, pickFolder } = props;
  const set = (index: number, path: string) =>
    onChange(folders.map((folder, i) => (i === index ? path : folder)));

  async function choose() {
    const path = await pickFolder?.();
    if (path) onChange([...folders, path]);
  }

  return (
    <div class="folders" id={id}>
      {folders.map((folder, index) => (
        <div class="folder" key={index}>
          <input
            aria-label={`Music folder ${index + 1}`}
            class="text"
            value={folder}
            readOnly={Boolean(pickFolder)}
            onInput={(e) => set(index, e.currentTarget.value)}
          />
          <button
            type="button"
            class="quiet"
            onClick={() => onChange(folders.filter((_, i) => i !== index))}
          >
            Remove
          </button>
        </div>
      ))}
      {pickFolder ? (
        <button type="button" onClick={() => void choose()}>
          Choose a folder…
        </button>
      ) : (
        <button type="button" onClick={() => onChange([...folders, ''])}>
          Add a folder
        </button>
      )}
    </div>
  );
}
