import { DISCLOSURE_REPLY_DAYS, LETTER_CATEGORY_LABELS, type LetterCategory } from '../../src/domain/codes.ts';

export interface HomeProps {
  districtName: string;
  departments: Array<{ id: number; name: string }>;
  letterLimits: Array<{ category: LetterCategory; days: number }>;
}

function limitsText(limits: HomeProps['letterLimits']) {
  return limits.map((l) => `${LETTER_CATEGORY_LABELS[l.category]}${l.days}个工作日`).join('，');
}

export function HomePage({ districtName, departments, letterLimits }: HomeProps) {
  return (
    <>
      <h1>{districtName}政民互动</h1>
      <p class="lead">给区长和政府部门写信，或申请公开政府信息。每件来信和申请都有编号，可随时查询办理进度。</p>
      <ul class="channels">
        <li class="channel">
          <h2>区长信箱</h2>
          <p>向区长反映问题、提出意见建议。区政府办公室登记后转交有关部门办理，并督办答复。</p>
          <p class="deadline">答复期限（自交办承办单位之日起）：{limitsText(letterLimits)}。</p>
          <p>
            <a class="button" href="/letters/mayor">
              给区长写信
            </a>
          </p>
        </li>
        <li class="channel">
          <h2>部门信箱</h2>
          <p>直接写信给某一政府部门，由该部门受理并答复。</p>
          <p class="deadline">答复期限（自部门受理之日起）与区长信箱相同。</p>
          <form method="get" action="/letters/department">
            <div class="field">
              <label for="home-department">选择部门</label>
              <select id="home-department" name="department_id">
                {departments.map((d) => (
                  <option value={String(d.id)}>{d.name}</option>
                ))}
              </select>
            </div>
            <button type="submit">给该部门写信</button>
          </form>
        </li>
        <li class="channel">
          <h2>政府信息公开申请</h2>
          <p>依照《中华人民共和国政府信息公开条例》，申请获取区政府及其部门制作或保存的政府信息。</p>
          <p class="deadline">
            答复期限：自收到申请之日起{DISCLOSURE_REPLY_DAYS}个工作日；需要延长的，经批准最多延长{DISCLOSURE_REPLY_DAYS}个工作日。
          </p>
          <p>
            <a class="button" href="/disclosure">
              提交公开申请
            </a>
          </p>
        </li>
      </ul>
      <section class="notice" aria-labelledby="lookup-heading">
        <h2 id="lookup-heading">查询办理进度</h2>
        <p>提交后您会得到编号和查询码，凭二者可查看办理进度和答复。</p>
        <p>
          <a class="button button--secondary" href="/lookup">
            查询办理进度
          </a>
        </p>
      </section>
    </>
  );
}
