import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Box, Button, Typography } from '@mui/material';
import { useId, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useTranslate } from 'react-admin';
import { isCsvFileName } from './importModel';

type Props = { file: File | null; onChange: (file: File | null) => void; onRejected: (name: string) => void; disabled?: boolean };

// A drop zone that is also a button (Enter or Space opens the file dialog), and a plain button for those who prefer
// it. Only .csv files are taken; anything else is reported to the page.
export const ImportFilePicker = ({ file, onChange, onRejected, disabled }: Props) => {
  const translate = useTranslate();
  const input = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const [over, setOver] = useState(false);

  const take = (files: FileList | null) => {
    const f = files?.[0];
    if (!f) return;
    if (!isCsvFileName(f.name)) {
      onRejected(f.name);
      return;
    }
    onChange(f);
  };
  const open = () => {
    if (!disabled) input.current?.click();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open();
    }
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (!disabled) take(e.dataTransfer.files);
  };

  return (
    <Box>
      <Box
        role="button"
        tabIndex={disabled ? -1 : 0}
        aria-disabled={disabled || undefined}
        aria-describedby={hintId}
        onClick={open}
        onKeyDown={onKeyDown}
        onDragOver={(e) => {
          e.preventDefault();
          if (!disabled) setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        data-testid="import-drop-zone"
        data-over={over || undefined}
        sx={{
          border: 2,
          borderStyle: 'dashed',
          borderColor: over ? 'primary.main' : 'divider',
          bgcolor: over ? 'action.hover' : 'transparent',
          borderRadius: 2,
          p: 4,
          textAlign: 'center',
          cursor: disabled ? 'default' : 'pointer',
          outline: 'none',
          '&:focus-visible': { borderColor: 'primary.main', boxShadow: (t) => `0 0 0 3px ${t.palette.primary.light}` },
        }}
      >
        <UploadFileIcon fontSize="large" color={file ? 'primary' : 'action'} />
        {/* the zone is named by what it shows (the prompt, or the chosen file); the hint describes it from outside */}
        <Typography variant="body1" sx={{ mt: 1 }} data-testid="import-file-name">
          {file ? file.name : translate('app.imports.drop_zone')}
        </Typography>
      </Box>
      <Typography variant="body2" color="text.secondary" id={hintId} sx={{ mt: 0.5 }}>
        {translate('app.imports.drop_hint')}
      </Typography>
      <Button variant="outlined" startIcon={<UploadFileIcon />} onClick={open} disabled={disabled} sx={{ mt: 1 }} data-testid="import-choose-file">
        {translate(file ? 'app.imports.choose_other_file' : 'app.imports.choose_file')}
      </Button>
      <input
        ref={input}
        type="file"
        accept=".csv,text/csv"
        hidden
        data-testid="import-file-input"
        onChange={(e) => {
          take(e.target.files);
          // choosing the same file again after an error fires change again
          e.target.value = '';
        }}
      />
    </Box>
  );
};
