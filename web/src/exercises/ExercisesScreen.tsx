import type { Route } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { ExerciseControl } from './ExerciseControl.js';
import { ExerciseEditor } from './ExerciseEditor.js';
import { ExerciseList } from './ExerciseList.js';
import '../admin/admin.css';
import '../sharing/sharing.css';
import './exercises.css';

/** Exercise control (訓練): the list, a new or edited draft, one exercise's control page. Loaded when first opened. */
export function ExercisesScreen({ route, ...props }: ScreenProps & { route: Route }) {
  switch (route.name) {
    case 'exercises':
      return <ExerciseList {...props} />;
    case 'exerciseNew':
      return <ExerciseEditor {...props} />;
    case 'exerciseEdit':
      return <ExerciseEditor key={route.id} id={route.id} {...props} />;
    case 'exercise':
      return <ExerciseControl key={route.id} id={route.id} {...props} />;
    default:
      return null;
  }
}
