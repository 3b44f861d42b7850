import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { DropZone } from '../../renderer/src/components/drop-zone';
import { fakeApi } from './support/fake-api';

function drop(files: File[]) {
  fireEvent.drop(screen.getByText('content'), { dataTransfer: { files, types: ['Files'] } });
}

/** The drop zone as the desktop app has it: dropped files have paths (under D:\tickets). */
function renderDesktop() {
  const fake = fakeApi();
  const api = { ...fake.api, pathForFile: (f: unknown) => `D:\\tickets\\${(f as File).name}` };
  const saved = jest.fn();
  const message = jest.fn();
  render(
    <DropZone api={api} settings={fake.settings} onSaved={saved} onMessage={message}>
      <p>content</p>
    </DropZone>,
  );
  return { fake, saved, message };
}

describe('drop zone', () => {
  it('opens dropped bundles as extra stores in the desktop app', async () => {
    const { fake, saved, message } = renderDesktop();
    drop([new File(['PK'], 'bundle.zip')]);
    await waitFor(() => expect(saved).toHaveBeenCalled());
    expect(fake.settings.extraStores).toEqual(['D:\\tickets\\bundle.zip']);
    expect(message).toHaveBeenCalledWith(expect.stringMatching(/Opened 1 item\(s\) as read-only stores/));
  });

  it('opens dropped event logs and dumps as extra stores too, next to what is there', async () => {
    const { fake, saved, message } = renderDesktop();
    const before = [...fake.settings.extraStores];
    drop([new File(['ElfFile'], 'Application.evtx'), new File(['MDMP'], 'app.exe.1234.dmp')]);
    await waitFor(() => expect(saved).toHaveBeenCalled());
    expect(fake.settings.extraStores).toEqual([...before, 'D:\\tickets\\Application.evtx', 'D:\\tickets\\app.exe.1234.dmp']);
    expect(message).toHaveBeenCalledWith(expect.stringMatching(/Opened 2 item\(s\) as read-only stores/));
  });

  it('explains what to do in browser mode, where pages cannot see paths', async () => {
    const fake = fakeApi();
    const message = jest.fn();
    render(
      <DropZone api={fake.api} settings={fake.settings} onSaved={() => {}} onMessage={message}>
        <p>content</p>
      </DropZone>,
    );
    drop([new File(['PK'], 'bundle.zip')]);
    await waitFor(() => expect(message).toHaveBeenCalledWith(expect.stringMatching(/wer-explorer serve bundle.zip Application.evtx/)));
    expect(fake.calls.some((c) => c.method === 'updateSettings')).toBe(false);
  });
});
