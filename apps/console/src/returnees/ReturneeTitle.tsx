import { useRecordContext, useTranslate } from 'react-admin';
import { ChildWithoutCaregiverIcon } from '../household/ChildFlag';
import { returneeRepresentation, type Returnee } from './returneeModel';

// The title of a returnee's page and form. React-admin's default "<resource> <record>" would call every woman
// "Вернувшийся" in Russian; the word follows the person's sex here (Kyrgyz and English have one word for both).
export const ReturneeTitle = () => {
  const translate = useTranslate();
  const record = useRecordContext<Returnee>();
  if (!record) return null;
  return (
    <span>
      {translate(`app.returnees.page_title.${record.sex === 'female' ? 'female' : 'male'}`, { name: returneeRepresentation(record) })}
      {/* a child of the household without a caregiver: marked wherever the person's page is open */}
      {record.childWithoutCaregiver && <ChildWithoutCaregiverIcon />}
    </span>
  );
};
